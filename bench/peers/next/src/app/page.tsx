import { getLogtoContext } from "@logto/next/server-actions";
import { SignedInCard, SignedOutCard } from "@logto-hf/ui";
import { SignInButton, SignOutButton } from "~/components/auth-buttons";
import { ProfileCard } from "~/components/profile-card";
import { logtoConfig } from "~/logto";

export default async function HomePage() {
  const { isAuthenticated, claims } = await getLogtoContext(logtoConfig);
  if (!isAuthenticated || !claims) {
    return (
      <SignedOutCard intro={<p className="muted">Sign in through Logto with your Hugging Face account.</p>}>
        <SignInButton />
      </SignedOutCard>
    );
  }
  return (
    <SignedInCard profile={<ProfileCard claims={claims} />}>
      <SignOutButton />
    </SignedInCard>
  );
}
