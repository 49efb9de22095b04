import type { AppCookies } from "../core/cookies.js";
import { DEFAULT_RENEWAL_MARGIN } from "../core/session-check.js";

/** Seconds by which the hint ends before it is due: more than a response takes to reach the browser. */
const DELIVERY_MARGIN = 1;

/** Where a page sends a view whose session ended while it carried the hint: drops the hint, then back. */
export const SESSION_ENDED_PATH = "/auth/session-ended";

/**
 * The hint that a session needs no work from the proxy until its access token is due for renewal: the cookie
 * expires then, and the next page request goes through the proxy again (refresh, re-check, new hint).
 * It is only a hint: every page still reads the session and checks revocation, so a client that forges or keeps
 * it only keeps its own tokens from being renewed.
 */
export class SessionFreshHint {
  /**
   * `<name>-session-fresh` (`__Host-` prefixed under https). A page request that carries both the session and this
   * cookie skips the proxy: the proxy's `matcher` names it literally (Next.js reads the matcher at build time).
   */
  readonly name: string;

  constructor(private readonly cookies: AppCookies) {
    this.name = cookies.name("session-fresh");
  }

  /**
   * The `Set-Cookie` of the hint for a session whose access token expires at `accessTokenExpiresAt` and whose next
   * check with Logto is due at `nextCheckAt` (epoch seconds): it ends before the earlier of the two, by a margin for
   * the time the response takes to reach the browser (`Max-Age` counts from there), so that the first request at
   * which the check is due goes through the proxy.
   */
  set(accessTokenExpiresAt: number | undefined, nextCheckAt = Number.POSITIVE_INFINITY): string | undefined {
    if (accessTokenExpiresAt === undefined) return undefined;
    const until = Math.min(accessTokenExpiresAt - DEFAULT_RENEWAL_MARGIN - 5, nextCheckAt - DELIVERY_MARGIN);
    const maxAge = Math.floor(until - Date.now() / 1000);
    return maxAge > 0 ? this.cookies.set(this.name, "1", { maxAge }) : undefined;
  }

  /** The `Set-Cookie` that drops the hint. */
  clear(): string {
    return this.cookies.clear(this.name);
  }
}
