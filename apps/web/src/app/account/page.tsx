import { AccountView } from "@logto-hf/ui";
import { decodeJwt } from "jose";
import type { Metadata } from "next";
import { logto } from "~/auth";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await logto.getSession("/account");
  if (!session) {
    // The sign-in that comes back here, or, for a visitor who was just signed out, the home page saying why.
    await logto.requireUser("/account");
    return null;
  }
  // Claims and facts about the tokens only: the tokens themselves never leave the server.
  return (
    <AccountView
      sid={session.sid}
      accessTokenExpiresAt={session.accessTokenExpiresAt}
      now={Date.now()}
      hasRefreshToken={Boolean(session.refreshToken)}
      claims={decodeJwt(session.idToken)}
      userinfo={await logto.client.userinfo(session.accessToken)}
    />
  );
}
