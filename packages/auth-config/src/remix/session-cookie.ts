import type { LogtoApp } from "../core/logto-app.js";
import { safeReturnTo } from "../core/return-to.js";
import type { LogtoSessionData } from "../core/session-data.js";
import { type CookieSession, CookieSessionStorage } from "./cookie-session.js";
import { createEncryptedCookie } from "./encrypted-cookie.js";

/** The app's session storage: one encrypted cookie, `<name>-session`. */
export function createSessionStorage(app: LogtoApp, maxAge: number): CookieSessionStorage {
  const { cookies, config } = app;
  const options = { httpOnly: true, sameSite: "lax", path: "/", secure: cookies.secure, maxAge } as const;
  return new CookieSessionStorage(createEncryptedCookie(cookies.name("session"), config.authSecret, options));
}

/** A redirect as Remix's and React Router's `redirect()` make it (302 unless `init.status` says otherwise). */
export function redirect(location: string, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Location", location);
  return new Response(null, { ...init, status: init.status ?? 302, headers });
}

/** The Logto session a Remix session holds, or `null`. */
export function sessionDataOf(session: CookieSession): LogtoSessionData | null {
  const user = session.get("user");
  const idToken = session.get("idToken");
  const accessToken = session.get("accessToken");
  const accessTokenExpiresAt = session.get("accessTokenExpiresAt");
  if (!user || !idToken || !accessToken || !accessTokenExpiresAt) return null;
  return {
    user,
    sid: session.get("sid"),
    createdAt: session.get("createdAt") ?? 0,
    idToken,
    accessToken,
    refreshToken: session.get("refreshToken"),
    accessTokenExpiresAt,
    checkedAt: session.get("checkedAt"),
    origin: session.get("origin"),
  };
}

/** Writes a Logto session into a Remix session. */
export function writeSessionData(session: CookieSession, data: LogtoSessionData): void {
  for (const [key, value] of Object.entries(data) as [keyof LogtoSessionData, never][]) {
    if (value === undefined) session.unset(key);
    else session.set(key, value);
  }
}

/** Reloads the current page with a new session cookie (a GET, so no form is resent; for a data request, its page). */
export function reloadWith(request: Request, setCookies: string[]): Response {
  const headers = new Headers();
  for (const setCookie of setCookies) headers.append("Set-Cookie", setCookie);
  return redirect(pagePathOf(request), { headers });
}

/** The path and query of the page a request is for: a Remix data request (`/page.data`) names its page's path. */
export function pagePathOf(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  const pathname = url.pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  return safeReturnTo(pathname + url.search);
}
