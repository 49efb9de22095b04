import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await logto.requireUser(request) };
}

export default function Protected() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <section className="card" data-testid="protected">
      <h1>Protected page</h1>
      <p className="muted">Only signed-in users see this page.</p>
      <ProfileCard user={user} />
    </section>
  );
}
