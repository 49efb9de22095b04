import type { Authenticator } from "remix-auth";
import type { LogtoApp } from "../core/logto-app.js";
import type { LogtoSessionData } from "../core/session-data.js";
import type { OAuthStateCookies } from "./oauth-state.js";
import type { RemixSession, RemixSessionStorage } from "./session-cookie.js";
import type { LogtoStrategy } from "./strategy.js";

/** Where the app's auth routes live: `app/routes/auth.sign-in.tsx` and so on. Logto's redirect URI is `<AUTH_URL>/auth/callback`. */
export const REMIX_AUTH_PATHS = {
  signIn: "/auth/sign-in",
  callback: "/auth/callback",
  signOut: "/auth/sign-out",
  backchannelLogout: "/auth/backchannel-logout",
} as const;

/** What the integration's modules share. */
export interface RemixAuthContext {
  app: LogtoApp;
  sessionStorage: RemixSessionStorage;
  oauthState: OAuthStateCookies;
  authenticator(): Promise<Authenticator<LogtoSessionData>>;
  strategy(): Promise<LogtoStrategy<LogtoSessionData>>;
  getSession(request: Request): Promise<RemixSession>;
}
