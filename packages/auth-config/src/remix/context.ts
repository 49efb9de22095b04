import type { Authenticator } from "remix-auth";
import type { LogtoApp } from "../core/logto-app.js";
import type { ResourceTokens } from "../core/resource-tokens.js";
import type { LogtoSessionData } from "../core/session-data.js";
import type { CookieSession, CookieSessionStorage } from "./cookie-session.js";
import type { OAuthStateCookies } from "./oauth-state.js";
import type { LogtoStrategy } from "./strategy.js";

/**
 * Where the app's auth routes live: `app/routes/auth.sign-in.tsx` and so on. Logto's redirect URI is
 * `<AUTH_URL>/auth/callback`.
 */
export const REMIX_AUTH_PATHS = {
  signIn: "/auth/sign-in",
  callback: "/auth/callback",
  signOut: "/auth/sign-out",
  backchannelLogout: "/auth/backchannel-logout",
} as const;

/** What the integration's modules share. */
export interface RemixAuthContext {
  app: LogtoApp;
  sessionStorage: CookieSessionStorage;
  oauthState: OAuthStateCookies;
  /** Access tokens for the app's API resources. */
  resourceTokens: ResourceTokens;
  authenticator(): Promise<Authenticator<LogtoSessionData>>;
  strategy(): Promise<LogtoStrategy<LogtoSessionData>>;
  getSession(request: Request): Promise<CookieSession>;
  /** Whether the request carries a session that needs no new sign-in: not revoked, and renewable or still valid. */
  isSignedIn(request: Request): Promise<boolean>;
}

/** What the callback answers when it did not sign the visitor in. */
export interface SignInFailure {
  /** What happened, in words (see `signInErrorMessage`). */
  message: string;
  /** The visitor declined (at Logto or at the social provider): not a failure, a page says so neutrally. */
  cancelled: boolean;
}

/**
 * The answers of the routes that render a page, made by the framework's `data()` (Remix 2's `@remix-run/node`, React
 * Router's `react-router`), which gives a loader's value a status and headers that `useLoaderData` understands.
 */
export interface FrameworkAnswers<Unavailable, Failed> {
  /** The sign-in route's answer while Logto does not answer: `{ unavailable: true }` with this `init` (503). */
  unavailable(init: ResponseInit): Unavailable;
  /** The callback's answer when it did not sign in: `{ message, cancelled }` with this `init` (400). */
  failed(failure: SignInFailure, init: ResponseInit): Failed;
}
