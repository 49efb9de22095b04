import { discoverLogto, fetchLogtoUserinfo } from "@logto-hf/auth-config";
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
  const expiresAt = tokens?.accessTokenExpiresAt;
  return (
    <section className="card" data-testid="account">
      <h1>Account</h1>
      <dl>
        <dt>Logto session (sid)</dt>
        <dd data-testid="sid">{tokens?.sid ?? "—"}</dd>
        <dt>Access token expires</dt>
        <dd data-testid="access-token-expires-at" data-epoch={expiresAt}>
          {expiresAt ? new Date(expiresAt * 1000).toISOString() : "—"}
        </dd>
        <dt>Refresh token</dt>
        <dd data-testid="has-refresh-token">{tokens?.refreshToken ? "yes" : "no"}</dd>
        <dt>Userinfo with the access token</dt>
        <dd data-testid="userinfo-status">{userinfo.ok ? "valid" : `refused: ${userinfo.error}`}</dd>
      </dl>
      <h2>ID token claims</h2>
      <pre data-testid="id-token-claims">{JSON.stringify(claims, null, 2)}</pre>
      {userinfo.ok ? (
        <>
          <h2>Userinfo</h2>
          <pre data-testid="userinfo">{JSON.stringify(userinfo.claims, null, 2)}</pre>
        </>
      ) : null}
    </section>
  );
}
