import { AccountView } from "@logto-hf/ui";
import { decodeJwt } from "jose";
import { redirect } from "next/navigation";
import { logto } from "~/auth";

export default async function AccountPage() {
  const session = await logto.getSession("/account");
  if (!session) redirect(`/auth/sign-in?returnTo=${encodeURIComponent("/account")}`);
  // Claims and facts about the tokens only: the tokens themselves never leave the server.
  return (
    <AccountView
      sid={session.sid}
      accessTokenExpiresAt={session.accessTokenExpiresAt}
      hasRefreshToken={Boolean(session.refreshToken)}
      claims={decodeJwt(session.idToken)}
      userinfo={await logto.client.userinfo(session.accessToken)}
    />
  );
}
