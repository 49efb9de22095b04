import { AccountView } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { decodeJwt } from "jose";
import { logto } from "~/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await logto.getSession(request);
  // The sign-in that comes back here, or, for a visitor who was just signed out, the home page saying why.
  if (!session) await logto.requireUser(request);
  if (!session || session.needsReauthentication)
    throw redirect(`/auth/sign-in?returnTo=${encodeURIComponent("/account")}`);
  // Claims and facts about the tokens only: the tokens themselves never leave the server.
  return {
    sid: session.sid ?? null,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    now: Date.now(),
    hasRefreshToken: Boolean(session.refreshToken),
    claims: decodeJwt(session.idToken),
    userinfo: await logto.client.userinfo(session.accessToken),
  };
}

export default function Account() {
  const { sid, accessTokenExpiresAt, now, hasRefreshToken, claims, userinfo } = useLoaderData<typeof loader>();
  return (
    <AccountView
      sid={sid}
      accessTokenExpiresAt={accessTokenExpiresAt}
      now={now}
      hasRefreshToken={hasRefreshToken}
      claims={claims}
      userinfo={userinfo}
    />
  );
}
