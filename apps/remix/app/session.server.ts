import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import { checkLogtoSession } from "@logto-hf/auth-config";
import type { LogtoUser } from "@logto-hf/auth-config/remix";
import { createEncryptedCookie } from "~/encrypted-cookie.server";
import { logto } from "~/env.server";
import { revocations } from "~/revocations.server";

export interface SessionData {
  user: LogtoUser;
  /** Logto's session ID: back-channel logout names it. */
  sid?: string;
  /** When this session was created, epoch seconds: a back-channel logout by `sub` revokes older ones. */
  createdAt: number;
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
}

interface FlashData {
  returnTo: string;
}

const secure = logto.appUrl.startsWith("https:");

export const sessionStorage = createCookieSessionStorage<SessionData, FlashData>({
  // Cookies are shared by every port on localhost: the name must differ from the Next.js app's and the IdP's.
  cookie: createEncryptedCookie(secure ? "__Host-remix-session" : "remix-session", logto.authSecret, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: 60 * 60 * 24 * 14,
  }),
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

/** The signed-in state of a request, after revocation and token freshness were taken care of. */
export type SessionState =
  | { status: "anonymous" }
  | { status: "signed-in"; data: SessionData; session: Session<SessionData, FlashData> }
  /** A session without a refresh token whose access token expired: re-authenticate silently. */
  | { status: "expired"; data: SessionData }
  /** The session changed (refreshed, or ended): send this Set-Cookie and load the page again. */
  | { status: "changed"; setCookie: string };

/** Reads the session and keeps it valid (see `checkLogtoSession`). */
export async function readSession(request: Request): Promise<SessionState> {
  const session = await getSession(request);
  const data = sessionData(session);
  if (!data) return { status: "anonymous" };
  const check = await checkLogtoSession(
    { sub: data.user.id, sid: data.sid, createdAt: data.createdAt, accessTokenExpiresAt: data.accessTokenExpiresAt, refreshToken: data.refreshToken },
    { issuer: logto.issuer, credentials: logto, revocations: await revocations() },
  );
  switch (check.status) {
    case "valid":
      return { status: "signed-in", data, session };
    case "reauthenticate":
      return { status: "expired", data };
    case "refreshed":
      session.set("accessToken", check.tokens.accessToken);
      session.set("accessTokenExpiresAt", check.tokens.accessTokenExpiresAt);
      session.set("refreshToken", check.tokens.refreshToken);
      if (check.tokens.idToken) session.set("idToken", check.tokens.idToken);
      return { status: "changed", setCookie: await sessionStorage.commitSession(session) };
    case "ended":
      console.warn(`Session of ${data.user.id} ended: ${check.reason}`);
      return { status: "changed", setCookie: await sessionStorage.destroySession(session) };
  }
}

function sessionData(session: Session<SessionData, FlashData>): SessionData | null {
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
  };
}

/** The signed-in user, or `null`. For loaders that run after the root loader has kept the session fresh. */
export async function getUser(request: Request): Promise<LogtoUser | null> {
  const state = await readSession(request);
  return state.status === "signed-in" || state.status === "expired" ? state.data.user : null;
}

/** Reloads the current page with a new session cookie (a GET, so no form is resent; for a data request, its page). */
export function reloadWith(request: Request, setCookie: string): Response {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  const pathname = url.pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  return redirect(pathname + url.search, { headers: { "Set-Cookie": setCookie } });
}
