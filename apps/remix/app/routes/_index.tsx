import { SIGNED_OUT_LOGTO_UNREACHABLE } from "@logto-hf/auth-config/remix";
import {
  DemoIntro,
  SessionEndedMessage,
  SessionOriginNote,
  SignedInCard,
  SignedInHint,
  SignedOutCard,
  SignOutIncompleteNotice,
} from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";
import { SignInForm, SignOutForm } from "~/components/auth-forms";
import { ProfileCard } from "~/components/profile-card";
import type { loader as rootLoader } from "~/root";

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const signOutIncomplete = params.get("signed_out") === SIGNED_OUT_LOGTO_UNREACHABLE;
  // The sign-in action keeps returnTo on this app.
  return { user: await logto.getUser(request), signOutIncomplete, returnTo: params.get("returnTo") ?? undefined };
}

export default function Index() {
  const { user, signOutIncomplete, returnTo } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const ended = root?.sessionEnded;
  const notice = signOutIncomplete ? <SignOutIncompleteNotice otherApp="Next.js" /> : null;
  if (!user) {
    return (
      <SignedOutCard
        notices={
          <>
            {notice}
            {ended ? <SessionEndedMessage reason={ended} otherApp="Next.js" signInAgain={returnTo} /> : null}
          </>
        }
        intro={<DemoIntro thisApp="Remix" otherApp="Next.js" />}
      >
        <SignInForm returnTo={returnTo} />
      </SignedOutCard>
    );
  }
  return (
    <>
      {notice}
      {root ? <SessionOriginNote origin={root.origin} otherApp={{ name: "Next.js app", url: root.webAppUrl }} /> : null}
      <SignedInCard profile={<ProfileCard user={user} />} hint={<SignedInHint otherApp="Next.js" />}>
        <SignOutForm />
      </SignedInCard>
    </>
  );
}
