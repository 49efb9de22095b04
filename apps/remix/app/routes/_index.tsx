import { SIGNED_OUT_LOGTO_UNREACHABLE } from "@logto-hf/auth-config/remix";
import { DemoIntro, SessionEndedMessage, SignedInCard, SignedInHint, SignedOutCard, SignOutIncompleteNotice } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";
import { SignInForm, SignOutForm } from "~/components/auth-forms";
import { ProfileCard } from "~/components/profile-card";
import type { loader as rootLoader } from "~/root";

export async function loader({ request }: LoaderFunctionArgs) {
  const signOutIncomplete = new URL(request.url).searchParams.get("signed_out") === SIGNED_OUT_LOGTO_UNREACHABLE;
  return { user: await logto.getUser(request), signOutIncomplete };
}

export default function Index() {
  const { user, signOutIncomplete } = useLoaderData<typeof loader>();
  const ended = useRouteLoaderData<typeof rootLoader>("root")?.sessionEnded;
  const notice = signOutIncomplete ? <SignOutIncompleteNotice otherApp="Next.js" /> : null;
  if (!user) {
    return (
      <SignedOutCard
        notices={
          <>
            {notice}
            {ended ? <SessionEndedMessage reason={ended} otherApp="Next.js" /> : null}
          </>
        }
        intro={<DemoIntro thisApp="Remix" otherApp="Next.js" />}
      >
        <SignInForm />
      </SignedOutCard>
    );
  }
  return (
    <>
      {notice}
      <SignedInCard profile={<ProfileCard user={user} />} hint={<SignedInHint otherApp="Next.js" />}>
        <SignOutForm />
      </SignedInCard>
    </>
  );
}
