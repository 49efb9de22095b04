import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { discoverLogto, fetchLogtoUserinfo } from "@logto-hf/auth-config";
import { decodeJwt } from "jose";
import { logto } from "~/auth.server";
import { logtoConfig } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await logto.getSession(request);
  if (state.status !== "signed-in") {
    throw redirect(`/auth/sign-in?returnTo=${encodeURIComponent("/account")}`);
  }
  const { data } = state;
  const userinfo = await fetchLogtoUserinfo(await discoverLogto(logtoConfig.issuer), data.accessToken);
  // Claims and facts about the tokens only: the tokens themselves never leave the server.
  return {
    sid: data.sid ?? null,
    accessTokenExpiresAt: data.accessTokenExpiresAt,
    hasRefreshToken: Boolean(data.refreshToken),
    claims: decodeJwt(data.idToken),
    userinfo,
  };
}

export default function Account() {
  const { sid, accessTokenExpiresAt, hasRefreshToken, claims, userinfo } = useLoaderData<typeof loader>();
  return (
    <section className="card" data-testid="account">
      <h1>Account</h1>
      <dl>
        <dt>Logto session (sid)</dt>
        <dd data-testid="sid">{sid ?? "—"}</dd>
        <dt>Access token expires</dt>
        <dd data-testid="access-token-expires-at" data-epoch={accessTokenExpiresAt}>
          {new Date(accessTokenExpiresAt * 1000).toISOString()}
        </dd>
        <dt>Refresh token</dt>
        <dd data-testid="has-refresh-token">{hasRefreshToken ? "yes" : "no"}</dd>
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
