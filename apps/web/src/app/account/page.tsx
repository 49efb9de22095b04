import { discoverLogto, fetchLogtoUserinfo } from "@logto-hf/auth-config";
import { AccountView } from "@logto-hf/ui";
import { decodeJwt } from "jose";
import { redirect } from "next/navigation";
import { logto } from "~/auth";
import { logtoConfig } from "~/env";

export default async function AccountPage() {
  const session = await logto.getSession("/account");
  if (!session) redirect(`/auth/sign-in?callbackUrl=${encodeURIComponent("/account")}`);
  const tokens = await logto.getTokens();
  const claims = tokens?.idToken ? decodeJwt(tokens.idToken) : {};
  const userinfo = tokens?.accessToken
    ? await fetchLogtoUserinfo(await discoverLogto(logtoConfig.issuer), tokens.accessToken)
    : ({ ok: false, status: 0, error: "no access token" } as const);
  return (
    <AccountView
      sid={tokens?.sid}
      accessTokenExpiresAt={tokens?.accessTokenExpiresAt}
      hasRefreshToken={Boolean(tokens?.refreshToken)}
      claims={claims}
      userinfo={userinfo}
    />
  );
}
