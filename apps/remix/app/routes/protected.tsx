import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProfileCard } from "~/components/profile-card";
import { getUser } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/auth/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { user };
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
