import { NotFound } from "@logto-hf/ui";

/** Any address with no page: the app's own layout, with the way home. */
export default function NotFoundPage() {
  return <NotFound />;
}
