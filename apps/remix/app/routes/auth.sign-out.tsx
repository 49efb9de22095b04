import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { discoverLogto, isSameOriginRequest, logtoEndSessionUrl, revokeLogtoToken } from "@logto-hf/auth-config";
import { probe } from "~/auth.server";
import { logto } from "~/env.server";
import { getSession, sessionStorage } from "~/session.server";

/**
 * Single logout: ends this app's session, revokes its refresh token (Logto keeps it alive otherwise) and sends
 * the browser to Logto's end-session endpoint, which signs every other app out through back-channel logout.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOriginRequest(request, logto.appUrl)) {
    throw new Response("Sign-out must be requested from this application.", { status: 403 });
  }
  const session = await getSession(request);
  const idToken = session.get("idToken");
  const refreshToken = session.get("refreshToken");
  const metadata = await discoverLogto(logto.issuer);
  if (refreshToken) await revokeLogtoToken(metadata, logto, refreshToken);
  const headers = new Headers({ "Set-Cookie": await sessionStorage.destroySession(session) });
  // Just signed out: no silent sign-in on the way back from Logto.
  headers.append("Set-Cookie", probe.serialize(probe.signedOut()));
  return redirect(
    logtoEndSessionUrl(metadata, { clientId: logto.clientId, idTokenHint: idToken, postLogoutRedirectUri: `${logto.appUrl}/` }),
    { headers },
  );
}

export function loader() {
  throw new Response("Sign out with a POST from the application's Sign out button.", { status: 405, headers: { Allow: "POST" } });
}
