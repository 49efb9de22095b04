import { discoverLogto, fetchLogtoUserinfo } from "@logto-hf/auth-config";
import { AccountView } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
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
  return <AccountView sid={sid} accessTokenExpiresAt={accessTokenExpiresAt} hasRefreshToken={hasRefreshToken} claims={claims} userinfo={userinfo} />;
}
