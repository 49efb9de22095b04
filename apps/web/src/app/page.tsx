import { auth } from "~/auth";
import { SignInButton, SignOutButton } from "~/components/auth-buttons";
import { ProfileCard } from "~/components/profile-card";

export default async function HomePage() {
  const session = await auth();
  if (!session) {
    return (
      <section className="card" data-testid="signed-out">
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
