import type { AsyncLocalStorage } from "node:async_hooks";
import type { NextAuthConfig, NextAuthResult } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { LogtoSessionData, SessionEndedNotice, SessionEndedReason } from "../app-session.js";
import type { LogtoConfig } from "../config.js";
import type { RevocationStore } from "../revocation.js";
import type { SsoProbe } from "../sso.js";
import type { SessionFreshHint } from "./session-fresh.js";

/** Auth.js's path prefix in a Logto app: the route file is `app/api/auth/[...nextauth]/route.ts`. */
export const AUTH_BASE_PATH = "/api/auth";
/** Logto's redirect URI for this app is `<AUTH_URL>/api/auth/callback/logto`. */
export const CALLBACK_PATH = `${AUTH_BASE_PATH}/callback/logto`;
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
}

/** Everything the proxy, the routes and the page reader share; built once by `LogtoNextAuth`. */
export interface NextAuthContext {
  config: LogtoConfig;
  /** Auth.js's cookies are `__Secure-` and `Secure` (the app is served over https). */
  secureCookie: boolean;
  pages: LogtoNextPages;
  authConfig: NextAuthConfig;
  nextAuth: NextAuthResult;
  probe: SsoProbe;
  hint: SessionFreshHint;
  notice: SessionEndedNotice;
  /** Where Auth.js's jwt callback leaves why it ended a session, for the proxy that asked. */
  endings: AsyncLocalStorage<{ reason?: SessionEndedReason }>;
  revocations: () => Promise<RevocationStore>;
  /** The session's tokens, read from the cookie of `request` (or of the current request). */
  tokens(request?: Request): Promise<LogtoJWT | null>;
}
