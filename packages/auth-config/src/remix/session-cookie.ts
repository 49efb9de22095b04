import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from "@remix-run/node";
import type { LogtoApp } from "../core/logto-app.js";
import { safeReturnTo } from "../core/return-to.js";
import type { LogtoSessionData } from "../core/session-data.js";
import { createEncryptedCookie } from "./encrypted-cookie.js";

/** The Remix session: the Logto session's data, and where to come back to after a sign-in (a flash). */
export type RemixSession = Session<LogtoSessionData, { returnTo: string }>;
export type RemixSessionStorage = SessionStorage<LogtoSessionData, { returnTo: string }>;

/** The app's session storage: one encrypted cookie, `<name>-session`. */
export function createSessionStorage(app: LogtoApp, maxAge: number): RemixSessionStorage {
  const { cookies, config } = app;
  return createCookieSessionStorage<LogtoSessionData, { returnTo: string }>({
    cookie: createEncryptedCookie(cookies.name("session"), config.authSecret, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: cookies.secure,
      maxAge,
    }),
  });
}

/** The Logto session a Remix session holds, or `null`. */
export function sessionDataOf(session: RemixSession): LogtoSessionData | null {
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
export function writeSessionData(session: RemixSession, data: LogtoSessionData): void {
  for (const [key, value] of Object.entries(data) as [keyof LogtoSessionData, never][]) {
    if (value === undefined) session.unset(key);
    else session.set(key, value);
  }
}

/** Reloads the current page with a new session cookie (a GET, so no form is resent; for a data request, its page). */
export function reloadWith(request: Request, setCookies: string[]): Response {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  const pathname = url.pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  const headers = new Headers();
  for (const setCookie of setCookies) headers.append("Set-Cookie", setCookie);
  return redirect(safeReturnTo(pathname + url.search), { headers });
}
