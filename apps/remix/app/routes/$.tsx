import { NotFound } from "@logto-hf/ui";
import { data } from "@remix-run/node";

/** Any address no other route answers: a 404 inside the app's layout, with the way home. */
export function loader() {
  return data(null, { status: 404 });
}

export default function NotFoundPage() {
  return <NotFound />;
}
