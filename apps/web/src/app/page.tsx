import { signInErrorMessage } from "@logto-hf/auth-config/next-auth";
import { logto } from "~/auth";
import { SignInButton, SignOutButton } from "~/components/auth-buttons";
import { ProfileCard } from "~/components/profile-card";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [session, { error }] = await Promise.all([logto.getSession("/"), searchParams]);
  if (!session) {
    return (
      <section className="card" data-testid="signed-out">
        {error ? (
          <p className="card error" role="alert" data-testid="auth-error">
            {signInErrorMessage(error)}
          </p>
        ) : null}
        <h1>You are signed out</h1>
        <p className="muted">Sign in once here or in the Remix app, and the other app knows you too.</p>
        <div className="actions">
          <SignInButton />
        </div>
      </section>
    );
  }
  return (
    <section className="card" data-testid="signed-in">
      <ProfileCard user={session.user} />
      <div className="actions">
        <SignOutButton />
      </div>
    </section>
  );
}
