import { discoverLogto } from "./oidc.js";
import type { RevocationStore } from "./revocation.js";
import { fetchLogtoUserinfo, type LogtoClientCredentials, LogtoRefreshError, type RefreshedTokens, refreshLogtoTokens } from "./tokens.js";

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
  /** The access token, for the periodic check with Logto. */
  accessToken?: string | undefined;
  /** When Logto last vouched for the session (sign-in, refresh or check), epoch seconds. @default createdAt */
  checkedAt?: number | undefined;
}

/** How often, by default, a session is checked with Logto: revocations made in Logto reach the app within this. */
export const DEFAULT_SESSION_CHECK_INTERVAL = 60;

/** The outcome of {@link checkLogtoSession}. */
export type LogtoSessionCheck =
  /** Nothing to do. */
  | { status: "valid" }
  /** The tokens were refreshed: store them in the session (and `checkedAt`: Logto vouched for it). */
  | { status: "refreshed"; tokens: RefreshedTokens; checkedAt: number }
  /** Logto was asked and did not refuse: store `checkedAt` in the session. */
  | { status: "checked"; checkedAt: number }
  /** The access token is about to expire and there is no refresh token: sign in again silently. */
  | { status: "reauthenticate" }
  /** Revoked by back-channel logout, or Logto refused the refresh or the access token: end the session. */
  | { status: "ended"; reason: string };

/** Options of {@link checkLogtoSession}. */
export interface CheckLogtoSessionOptions {
  issuer: string;
  credentials: LogtoClientCredentials;
  revocations: RevocationStore;
  /** Seconds before expiry at which the access token is renewed. @default 60 */
  renewalMargin?: number;
  /**
   * How often the session is checked with Logto (one userinfo request per session per interval), in seconds; 0
   * turns the check off. Logto sends no back-channel logout when a user is suspended or deleted or their sessions
   * are revoked in Console: this is how such a revocation reaches the app. @default 60
   */
  checkInterval?: number;
}

/** When the session is due for its next check with Logto, epoch seconds; `Infinity` when checks are off. */
export function nextSessionCheckAt(
  session: Pick<LogtoSessionState, "createdAt" | "checkedAt">,
  checkInterval = DEFAULT_SESSION_CHECK_INTERVAL,
): number {
  return checkInterval > 0 ? (session.checkedAt ?? session.createdAt) + checkInterval : Number.POSITIVE_INFINITY;
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
 * process, and across instances when the revocation store offers `sharedRefreshes`), or, without a refresh token,
 * calls for a silent sign-in; a refused refresh ends the session, one still running in another instance keeps it
 * as it is until a later request. Once per
 * `checkInterval`, userinfo asks Logto whether the session still stands: a 401 (user suspended or deleted,
 * sessions or grants revoked in Logto) ends it. An IdP that cannot be reached keeps the session as it is. No I/O
 * unless a refresh or a check is due.
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
  const now = Math.floor(Date.now() / 1000);
  if (accessTokenNeedsRenewal(session.accessTokenExpiresAt, options.renewalMargin)) {
    if (!session.refreshToken) return { status: "reauthenticate" };
    try {
      const metadata = await discoverLogto(options.issuer);
      const tokens = await refreshLogtoTokens(metadata, options.credentials, session.refreshToken, options.revocations.sharedRefreshes);
      return { status: "refreshed", tokens, checkedAt: now };
    } catch (error) {
      if (error instanceof LogtoRefreshError && !error.transient) return { status: "ended", reason: error.message };
      return { status: "valid" };
    }
  }
  const interval = options.checkInterval ?? DEFAULT_SESSION_CHECK_INTERVAL;
  if (!session.accessToken || now < nextSessionCheckAt(session, interval)) return { status: "valid" };
  // A client that replays an old cookie must not make every request a call to Logto: once per token per interval.
  const known = lastChecks.get(session.accessToken);
  if (known && (known.refused || now < known.at + interval)) {
    return known.refused ? { status: "ended", reason: REFUSED } : { status: "checked", checkedAt: known.at };
  }
  const refused = await logtoRefusesAccessToken(options.issuer, session.accessToken);
  rememberCheck(session.accessToken, { at: now, refused });
  return refused ? { status: "ended", reason: REFUSED } : { status: "checked", checkedAt: now };
}

const REFUSED = "Logto refused the access token (user suspended or deleted, or sessions revoked)";
/** The last answer per access token in this process, oldest first, at most this many. */
const lastChecks = new Map<string, { at: number; refused: boolean }>();
const MAX_REMEMBERED_CHECKS = 10_000;

function rememberCheck(accessToken: string, outcome: { at: number; refused: boolean }): void {
  lastChecks.delete(accessToken);
  lastChecks.set(accessToken, outcome);
  if (lastChecks.size > MAX_REMEMBERED_CHECKS) lastChecks.delete(lastChecks.keys().next().value as string);
}

/** Concurrent checks of one access token in this process (a page's parallel loaders) share one request. */
const checks = new Map<string, Promise<boolean>>();

/** Whether userinfo answers 401 for the token; an unreachable or failing Logto refuses nothing. */
function logtoRefusesAccessToken(issuer: string, accessToken: string): Promise<boolean> {
  let pending = checks.get(accessToken);
  if (!pending) {
    pending = discoverLogto(issuer)
      .then((metadata) => fetchLogtoUserinfo(metadata, accessToken))
      .then((userinfo) => !userinfo.ok && userinfo.status === 401)
      .catch(() => false);
    checks.set(accessToken, pending);
    void pending.then(() => checks.delete(accessToken));
  }
  return pending;
}
