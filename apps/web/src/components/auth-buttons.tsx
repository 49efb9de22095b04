import { discoverLogto, logtoEndSessionUrl, revokeLogtoToken } from "@logto-hf/auth-config";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "~/auth";
import { logto } from "~/env";
import { SESSION_FRESH_COOKIE } from "~/session-fresh";
import { getSessionTokens } from "~/session-tokens";
import { probe } from "~/sso";

/**
 * A plain navigation to the sign-in route (which answers 503 when Logto is unreachable): straight on to Logto,
 * without the round trip of a server action first.
 */
export function SignInButton({ returnTo = "/" }: { returnTo?: string }) {
  return (
    <form action="/auth/sign-in" method="get">
      <input type="hidden" name="callbackUrl" value={returnTo} />
      <button type="submit">Sign in with Hugging Face</button>
    </form>
  );
}

/**
 * Single logout: ends this app's session, revokes its refresh token (Logto keeps it alive otherwise) and sends
 * the browser to Logto's end-session endpoint, which signs every other app out through back-channel logout.
 * A server action: Next.js refuses it from another origin, so it cannot be forged cross-site.
 */
async function signOutEverywhere() {
  "use server";
  const tokens = await getSessionTokens();
  await signOut({ redirect: false });
  const metadata = await discoverLogto(logto.issuer);
  if (tokens?.refreshToken) await revokeLogtoToken(metadata, logto, tokens.refreshToken);
  // Just signed out: no silent sign-in on the way back from Logto.
  const { name, value, maxAge } = probe.cookie(probe.signedOut());
  const jar = await cookies();
  const secure = logto.appUrl.startsWith("https:");
  jar.set(name, value, { path: "/", httpOnly: true, sameSite: "lax", maxAge, secure });
  jar.set(SESSION_FRESH_COOKIE, "", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 0, secure });
  redirect(logtoEndSessionUrl(metadata, { clientId: logto.clientId, idTokenHint: tokens?.idToken, postLogoutRedirectUri: `${logto.appUrl}/` }));
}

export function SignOutButton() {
  return (
    <form action={signOutEverywhere}>
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
