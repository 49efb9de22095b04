import type { AsyncLocalStorage } from "node:async_hooks";
import type { NextAuthConfig, NextAuthResult } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { LogtoApp } from "../core/logto-app.js";
import type { ResourceTokens } from "../core/resource-tokens.js";
import type { LogtoSessionData } from "../core/session-data.js";
import type { SessionEndedReason } from "../core/session-ended.js";
import type { AuthJsCookieNames } from "./authjs-cookies.js";
import type { SessionFreshHint } from "./session-fresh.js";

/** Auth.js's path prefix in a Logto app: the route file is `app/api/auth/[...nextauth]/route.ts`. */
export const AUTH_BASE_PATH = "/api/auth";
/** Auth.js's id of the Logto provider, in its callback path and check cookies. */
export const PROVIDER_ID = "logto";
/** Logto's redirect URI for this app is `<AUTH_URL>/api/auth/callback/logto`. */
export const CALLBACK_PATH = `${AUTH_BASE_PATH}/callback/${PROVIDER_ID}`;
/** The integration's sign-in route: `app/auth/sign-in/route.ts`. */
export const SIGN_IN_PATH = "/auth/sign-in";
/** Paths that never probe: Auth.js's routes, the integration's own routes, Next.js assets. */
export const PROBE_EXCLUDED_PATHS = ["/api/", "/auth/", "/_next/"] as const;

/** The JWT that Auth.js keeps in the session cookie: the Logto session, and nothing when signed out. */
export type LogtoJWT = JWT & Partial<LogtoSessionData>;

/** The app's pages the integration sends visitors to. */
export interface LogtoNextPages {
  /** Where Auth.js sends a visitor who must sign in. @default "/" */
  home: string;
  /** Shows a sign-in error from `?error=<code>` (see `signInErrorMessage`). @default "/auth/error" */
  error: string;
  /** Served with status 503 for the sign-in route while Logto does not answer. @default "/auth/unavailable" */
  unavailable: string;
  /**
   * Where `requireUser` sends a visitor who was just signed out (single logout, revoked in Logto), with
   * `?returnTo=<the page>`: a page that says why (`getSessionEndedReason`) and offers the sign-in that comes back to
   * `returnTo`. Without it such a visitor goes straight to a new sign-in, as any other. @default none
   */
  signedOut?: string;
}

/** Everything the proxy, the routes and the page reads share; built once by `LogtoNextAuth`. */
export interface NextAuthContext {
  app: LogtoApp;
  pages: LogtoNextPages;
  authConfig: NextAuthConfig;
  nextAuth: NextAuthResult;
  hint: SessionFreshHint;
  /** Access tokens for the app's API resources. */
  resourceTokens: ResourceTokens;
  /** The names of Auth.js's cookies for this app (`<name>-session-token`, …). */
  cookieNames: AuthJsCookieNames;
  /**
   * Set around each Auth.js pass whose cookies reach the browser (the proxy's, the route handlers'): only there does
   * the jwt callback refresh or check with Logto. It leaves there why it ended a session, for the proxy that asked.
   */
  endings: AsyncLocalStorage<{ reason?: SessionEndedReason }>;
  /** The session's token, read from the cookie of `request` (or of the current request). */
  token(request?: Request): Promise<LogtoJWT | null>;
}

/** The session a token holds, or `null` when it holds none (signed out, or not from this package). */
export function sessionDataOf(token: LogtoJWT | null): LogtoSessionData | null {
  if (!token?.user || !token.idToken || !token.accessToken || !token.accessTokenExpiresAt) return null;
  const {
    user,
    sid,
    createdAt = 0,
    idToken,
    accessToken,
    refreshToken,
    accessTokenExpiresAt,
    checkedAt,
    origin,
  } = token;
  return { user, sid, createdAt, idToken, accessToken, refreshToken, accessTokenExpiresAt, checkedAt, origin };
}

/** Whether the request carries a session that needs no new sign-in: not revoked, and renewable or still valid. */
export async function isSignedIn(context: NextAuthContext, request: Request): Promise<boolean> {
  const session = sessionDataOf(await context.token(request));
  return (
    session !== null && !context.app.view(session).needsReauthentication && !(await context.app.isRevoked(session))
  );
}
