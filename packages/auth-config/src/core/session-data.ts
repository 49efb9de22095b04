import type { LogtoUser } from "./profile.js";
import type { ProbeState } from "./sso-probe.js";

/** What an app keeps of a Logto sign-in, the same in every framework. */
export interface LogtoSessionData {
  user: LogtoUser;
  /** Logto's session ID: back-channel logout names it. */
  sid?: string | undefined;
  /** When this app's session was created, epoch seconds: a back-channel logout by `sub` revokes older ones. */
  createdAt: number;
  idToken: string;
  accessToken: string;
  /** Absent after a silent sign-in: Logto drops `offline_access` without `prompt=consent`. */
  refreshToken?: string | undefined;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** When Logto last vouched for the session (sign-in, refresh or the periodic check), epoch seconds. */
  checkedAt?: number | undefined;
  /** How the session began, for a page to tell the visitor. */
  origin?: SessionOrigin | undefined;
}

/** How an app's session began (see `sessionOrigin`). */
export type SessionOrigin =
  /** The visitor signed in here: they pressed the sign-in button, or a page that needs a session sent them. */
  | { how: "signed-in-here"; at: number }
  /** Signed in with no click by the silent probe, through the Logto session the visitor already had. */
  | {
      how: "silent";
      /** Epoch seconds. */
      at: number;
      /**
       * The origin of the site the visitor came from, when the browser said so (Referer): often another app of the
       * SSO.
       */
      cameFrom?: string | undefined;
      /**
       * Authorization requests sent to Logto: 1 (`prompt=none`), or 2 when this app's first visit also asked for
       * consent.
       */
      logtoRequests: number;
      /**
       * The redirects the browser followed that this app knows of: its own, and Logto's answer to each request.
       * Logto adds redirects of its own inside a request that needs consent (7 in all for a first visit, 3 for a
       * return visit).
       */
      redirects: number;
      /** From the app sending the browser to Logto to Logto sending it back signed in, in milliseconds. */
      durationMs?: number | undefined;
    };

/**
 * How the session that a callback completes began: silently when a probe of this app was in flight (its cookie is
 * `pending`), else signed in here. The interactive sign-in routes drop a pending probe, so a probe abandoned halfway
 * is not taken for this one.
 */
export function sessionOrigin(probe: ProbeState | null, now = Date.now()): SessionOrigin {
  const at = Math.floor(now / 1000);
  if (probe?.status !== "pending") return { how: "signed-in-here", at };
  return {
    how: "silent",
    at,
    ...(probe.cameFrom ? { cameFrom: probe.cameFrom } : {}),
    logtoRequests: probe.attempt,
    // Page → Logto, Logto → callback, and per consent retry callback → Logto → callback; then
    // callback → page.
    redirects: 2 * probe.attempt + 1,
    ...(probe.startedAt ? { durationMs: Math.max(0, now - probe.startedAt) } : {}),
  };
}

/**
 * The session as an app reads it, the same in every framework: the user, how the session began, and its tokens for
 * server code that calls an API. Never send the tokens to a page.
 */
export interface LogtoSession extends LogtoSessionData {
  /** No refresh token and the access token expired: the next page navigation signs in again silently. */
  needsReauthentication: boolean;
}
