import type { CookiesOptions } from "@auth/core/types";
import { parseSetCookie } from "cookie";
import type { AppCookies } from "../core/cookies.js";

/**
 * The names of Auth.js's cookies for one app: `<name>-session-token`, `<name>-state`, … (`__Host-` prefixed under
 * https), in place of Auth.js's `authjs.*`, which every Auth.js app on a host would share: browsers keep cookies per
 * host, not per port, so two apps on `localhost` would otherwise take each other's sessions.
 */
export function authJsCookieNames(cookies: AppCookies) {
  return {
    sessionToken: cookies.name("session-token"),
    callbackUrl: cookies.name("callback-url"),
    csrfToken: cookies.name("csrf-token"),
    pkceCodeVerifier: cookies.name("pkce.code_verifier"),
    state: cookies.name("state"),
    nonce: cookies.name("nonce"),
    webauthnChallenge: cookies.name("challenge"),
  };
}

export type AuthJsCookieNames = ReturnType<typeof authJsCookieNames>;

/** Auth.js's `cookies` option: only the names; Auth.js keeps its own attributes (`HttpOnly`, `SameSite=Lax`, …). */
export function authJsCookiesOption(names: AuthJsCookieNames): Partial<CookiesOptions> {
  return {
    sessionToken: { name: names.sessionToken },
    callbackUrl: { name: names.callbackUrl },
    csrfToken: { name: names.csrfToken },
    pkceCodeVerifier: { name: names.pkceCodeVerifier },
    state: { name: names.state },
    nonce: { name: names.nonce },
    webauthnChallenge: { name: names.webauthnChallenge },
  };
}

/** Whether a cookie name is the app's Auth.js session cookie, or one chunk of it (`<name>.0`, `<name>.1`, …). */
export function isSessionTokenCookie(names: AuthJsCookieNames, cookieName: string): boolean {
  if (!cookieName.startsWith(names.sessionToken)) return false;
  const rest = cookieName.slice(names.sessionToken.length);
  return rest === "" || /^\.\d+$/.test(rest);
}

/** Whether a `Set-Cookie` value writes the app's Auth.js session cookie (or one chunk of it) with a value. */
export function writesSessionToken(names: AuthJsCookieNames, setCookie: string): boolean {
  const { name, value } = parseSetCookie(setCookie);
  return isSessionTokenCookie(names, name) && value !== "";
}
