import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInForm, SignOutForm } from "~/components/auth-forms";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await logto.getUser(request) };
}

export default function Index() {
  const { user } = useLoaderData<typeof loader>();
  if (!user) {
    return (
      <section className="card" data-testid="signed-out">
        <h1>You are signed out</h1>
        <p className="muted">Sign in once here or in the Next.js app, and the other app knows you too.</p>
        <div className="actions">
          <SignInForm />
        </div>
      </section>
    );
  }
  return (
    <section className="card" data-testid="signed-in">
      <ProfileCard user={user} />
      <div className="actions">
        <SignOutForm />
      </div>
    </section>
  );
}
