import { discoverLogto } from "./oidc.js";
import type { RevocationStore } from "./revocation.js";
import { LogtoRefreshError, refreshLogtoTokens, type LogtoClientCredentials, type RefreshedTokens } from "./tokens.js";

/** Renew this long before the access token expires, so a request never carries an expired one. */
export const DEFAULT_RENEWAL_MARGIN = 60;

/** What a session check needs to know of an app's session. */
export interface LogtoSessionState {
  /** The Logto user ID. */
  sub: string;
  /** The Logto session ID, when the ID token had one. */
  sid?: string | undefined;
  /** When this app's session was created, epoch seconds. */
  createdAt: number;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** Absent for sessions made by a silent sign-in (Logto drops `offline_access` without consent). */
  refreshToken?: string | undefined;
}

/** The outcome of {@link checkLogtoSession}. */
export type LogtoSessionCheck =
  /** Nothing to do. */
  | { status: "valid" }
  /** The tokens were refreshed: store them in the session. */
  | { status: "refreshed"; tokens: RefreshedTokens }
  /** The access token is about to expire and there is no refresh token: sign in again silently. */
  | { status: "reauthenticate" }
  /** Revoked by back-channel logout, or the refresh was refused: end the session. */
  | { status: "ended"; reason: string };

/** Options of {@link checkLogtoSession}. */
export interface CheckLogtoSessionOptions {
  issuer: string;
  credentials: LogtoClientCredentials;
  revocations: RevocationStore;
  /** Seconds before expiry at which the access token is renewed. @default 60 */
  renewalMargin?: number;
}

/**
 * Whether the access token is within `margin` seconds of its expiry (or past it).
 *
 * @param accessTokenExpiresAt - Epoch seconds.
 */
export function accessTokenNeedsRenewal(accessTokenExpiresAt: number, margin = DEFAULT_RENEWAL_MARGIN): boolean {
  return Date.now() / 1000 >= accessTokenExpiresAt - margin;
}

/**
 * The per-request check of a cookie session, the same in every framework: a session revoked by back-channel
 * logout ends; an access token close to expiry is refreshed (rotation, one refresh per refresh token in this
 * process), or, without a refresh token, calls for a silent sign-in; a refused refresh ends the session. An IdP
 * that cannot be reached keeps the session as it is. No I/O unless a refresh is due.
 *
 * @example
 * ```ts
 * const check = await checkLogtoSession(session, { issuer, credentials: { clientId, clientSecret }, revocations });
 * if (check.status === "ended") // clear the session cookie
 * ```
 */
export async function checkLogtoSession(session: LogtoSessionState, options: CheckLogtoSessionOptions): Promise<LogtoSessionCheck> {
  if (await options.revocations.isRevoked({ sid: session.sid, sub: session.sub, createdAt: session.createdAt })) {
    return { status: "ended", reason: "revoked by back-channel logout" };
  }
  if (!accessTokenNeedsRenewal(session.accessTokenExpiresAt, options.renewalMargin)) return { status: "valid" };
  if (!session.refreshToken) return { status: "reauthenticate" };
  try {
    const metadata = await discoverLogto(options.issuer);
    return { status: "refreshed", tokens: await refreshLogtoTokens(metadata, options.credentials, session.refreshToken) };
  } catch (error) {
    if (error instanceof LogtoRefreshError && error.code !== "network_error") return { status: "ended", reason: error.message };
    return { status: "valid" };
  }
}
