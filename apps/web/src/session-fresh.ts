import { DEFAULT_RENEWAL_MARGIN } from "@logto-hf/auth-config";
import { logto } from "~/env";

const secure = logto.appUrl.startsWith("https:");

/**
 * Names the proxy's matcher (in proxy.ts) repeats literally, since Next.js reads the matcher at build time: a page
 * request that carries both the session and this hint skips the proxy.
 */
export const SESSION_FRESH_COOKIE = secure ? "__Host-authjs.session-fresh" : "authjs.session-fresh";

const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;

/**
 * A hint that the session needs no work from the proxy until the access token is due for renewal: the cookie
 * expires then, and the next page request goes through the proxy again (refresh, re-check, new hint).
 * It is only a hint: every page still reads the session through Auth.js, which checks the JWT and revocation, so a
 * client that forges or keeps the hint only keeps its own tokens from being renewed.
 */
export function sessionFreshCookie(accessTokenExpiresAt: number | undefined): string | undefined {
  if (accessTokenExpiresAt === undefined) return undefined;
  const maxAge = Math.floor(accessTokenExpiresAt - DEFAULT_RENEWAL_MARGIN - Date.now() / 1000) - 5;
  return maxAge > 0 ? `${SESSION_FRESH_COOKIE}=1; Max-Age=${maxAge}; ${attributes}` : undefined;
}

export const clearSessionFreshCookie = () => `${SESSION_FRESH_COOKIE}=; Max-Age=0; ${attributes}`;

/** Where a page sends a view whose session ended while it carried the hint: drops the hint, then back. */
export const SESSION_ENDED_PATH = "/auth/session-ended";
