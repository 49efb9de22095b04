import { getLogtoContext } from "@logto/next/server-actions";
import { SignInButton, SignOutButton } from "~/components/auth-buttons";
import { ProfileCard } from "~/components/profile-card";
import { logtoConfig } from "~/logto";

export default async function HomePage() {
  const { isAuthenticated, claims } = await getLogtoContext(logtoConfig);
  if (!isAuthenticated || !claims) {
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
      <ProfileCard claims={claims} />
      <div className="actions">
        <SignOutButton />
      </div>
    </section>
  );
}
