import type { LogtoClient } from "../client/logto-client.js";
import { LogtoRefreshError } from "../client/refresh-error.js";
import type { RefreshedTokens } from "../client/token-endpoint.js";
import type { RevocationStore } from "../stores/revocation-store.js";
import { processWide } from "../util/process-wide.js";
import type { SessionEndedReason } from "./session-ended.js";

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
  /**
   * End the session: revoked by back-channel logout (`signed_out_elsewhere`), or Logto refused the refresh or the
   * access token (`revoked_in_logto`); `detail` says what happened, for the log.
   */
  | { status: "ended"; reason: SessionEndedReason; detail: string };

/** Options of {@link checkLogtoSession}. */
export interface CheckLogtoSessionOptions {
  client: LogtoClient;
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
 * const check = await checkLogtoSession(session, { client, revocations });
 * if (check.status === "ended") // clear the session cookie
 * ```
 */
export async function checkLogtoSession(
  session: LogtoSessionState,
  options: CheckLogtoSessionOptions,
): Promise<LogtoSessionCheck> {
  if (await options.revocations.isRevoked({ sid: session.sid, sub: session.sub, createdAt: session.createdAt })) {
    return { status: "ended", reason: "signed_out_elsewhere", detail: "revoked by back-channel logout" };
  }
  const now = Math.floor(Date.now() / 1000);
  if (accessTokenNeedsRenewal(session.accessTokenExpiresAt, options.renewalMargin)) {
    if (!session.refreshToken) return { status: "reauthenticate" };
    try {
      const tokens = await options.client.refresh(session.refreshToken, options.revocations.sharedRefreshes);
      return { status: "refreshed", tokens, checkedAt: now };
    } catch (error) {
      if (error instanceof LogtoRefreshError && !error.transient) {
        return { status: "ended", reason: "revoked_in_logto", detail: error.message };
      }
      return { status: "valid" };
    }
  }
  const interval = options.checkInterval ?? DEFAULT_SESSION_CHECK_INTERVAL;
  if (!session.accessToken || now < nextSessionCheckAt(session, interval)) return { status: "valid" };
  const { at, refused } = await askLogto(options.client, session.accessToken, interval, now);
  return refused
    ? { status: "ended", reason: "revoked_in_logto", detail: REFUSED }
    : { status: "checked", checkedAt: at };
}

const REFUSED = "Logto refused the access token (user suspended or deleted, or sessions revoked)";
const MAX_REMEMBERED_CHECKS = 10_000;

interface CheckOutcome {
  at: number;
  refused: boolean;
}

// Process-wide: one check per session per interval however many bundles (Next.js) or parallel loaders ask.
const checks = processWide("session-checks", () => ({
  /** The last answer per access token, oldest first, at most {@link MAX_REMEMBERED_CHECKS}. */
  last: new Map<string, CheckOutcome>(),
  /** Checks in flight, per access token. */
  inFlight: new Map<string, Promise<CheckOutcome>>(),
}));

/**
 * Whether Logto still accepts the access token (userinfo answers 401 otherwise), asked at most once per token per
 * interval in this process: a check in flight is shared, and a client replaying an old cookie gets the last answer.
 * An unreachable or failing Logto refuses nothing.
 */
function askLogto(client: LogtoClient, accessToken: string, interval: number, now: number): Promise<CheckOutcome> {
  const known = checks.last.get(accessToken);
  if (known && (known.refused || now < known.at + interval)) return Promise.resolve(known);
  let pending = checks.inFlight.get(accessToken);
  if (!pending) {
    pending = client.userinfo(accessToken).then((userinfo) => {
      const outcome = { at: now, refused: !userinfo.ok && userinfo.status === 401 };
      checks.last.delete(accessToken);
      checks.last.set(accessToken, outcome);
      if (checks.last.size > MAX_REMEMBERED_CHECKS) checks.last.delete(checks.last.keys().next().value as string);
      return outcome;
    });
    checks.inFlight.set(accessToken, pending);
    void pending.finally(() => checks.inFlight.delete(accessToken));
  }
  return pending;
}
