import { signInErrorMessage } from "@logto-hf/auth-config";
import { SIGNED_OUT_LOGTO_UNREACHABLE } from "@logto-hf/auth-config/next-auth";
import {
  AuthErrorNotice,
  DemoIntro,
  SessionEndedMessage,
  SessionOriginNote,
  SignedInCard,
  SignedInHint,
  SignedOutCard,
  SignOutIncompleteNotice,
} from "@logto-hf/ui";
import { logto } from "~/auth";
import { SignInButton, SignOutButton } from "~/components/auth-buttons";
import { ProfileCard } from "~/components/profile-card";
import { remixAppUrl } from "~/env";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; signed_out?: string; returnTo?: string }>;
}) {
  const [session, { error, signed_out: signedOut, returnTo }, ended] = await Promise.all([
    logto.getSession("/"),
    searchParams,
    logto.getSessionEndedReason(),
  ]);
  const signOutIncomplete =
    signedOut === SIGNED_OUT_LOGTO_UNREACHABLE ? <SignOutIncompleteNotice otherApp="Remix" /> : null;
  if (!session) {
    return (
      <SignedOutCard
        notices={
          <>
            {signOutIncomplete}
            {ended ? <SessionEndedMessage reason={ended} otherApp="Remix" signInAgain={returnTo} /> : null}
            {error ? <AuthErrorNotice message={signInErrorMessage(error)} /> : null}
          </>
        }
        intro={<DemoIntro thisApp="Next.js" otherApp="Remix" />}
      >
        {/* The sign-in route keeps returnTo on this app. */}
        <SignInButton returnTo={returnTo} />
      </SignedOutCard>
    );
  }
  return (
    <>
      {signOutIncomplete}
      <SessionOriginNote origin={session.origin} otherApp={{ name: "Remix app", url: remixAppUrl }} />
      <SignedInCard profile={<ProfileCard user={session.user} />} hint={<SignedInHint otherApp="Remix" />}>
        <SignOutButton />
      </SignedInCard>
    </>
  );
}
