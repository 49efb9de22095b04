import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInButton, SignOutButton } from "~/components/auth-forms";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/logto.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await logto.getContext({ getAccessToken: false })(request);
  return { context };
}

export default function Index() {
  const { context } = useLoaderData<typeof loader>();
  if (!context.isAuthenticated || !context.claims) {
    return (
      <section className="card" data-testid="signed-out">
        <h1>You are signed out</h1>
        <p className="muted">Sign in through Logto with your Hugging Face account.</p>
        <div className="actions">
          <SignInButton />
        </div>
      </section>
    );
  }
  return (
    <section className="card" data-testid="signed-in">
      <ProfileCard claims={context.claims} />
      <div className="actions">
        <SignOutButton />
      </div>
    </section>
  );
}
