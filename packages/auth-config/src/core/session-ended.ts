import { randomBytes } from "node:crypto";
import { type AppCookies, readCookie } from "./cookies.js";
import { RETURN_TO_PARAM } from "./return-to.js";

/**
 * Why the visitor is signed out when they had a session a moment ago, as the next page may tell them:
 * `signed_out_elsewhere` (single logout from another app), `revoked_in_logto` (the user or their sessions revoked in
 * Logto), `signed_out_here` (they signed out in this app, and Logto ended its session, so every app's).
 */
export type SessionEndedReason = "signed_out_elsewhere" | "revoked_in_logto" | "signed_out_here";

const SESSION_ENDED_REASONS: readonly string[] = [
  "signed_out_elsewhere",
  "revoked_in_logto",
  "signed_out_here",
] satisfies SessionEndedReason[];

/** The query parameter Logto adds to the post sign-out redirect URI: the `state` the end-session request carried. */
const STATE_PARAM = "state";
/** The notice's value while a sign-out is on its way through Logto: `pending.<state>`. */
const PENDING = "pending.";

/** What makes a sign-out's notice final once Logto sends the browser back: a redirect without Logto's `state`. */
export interface ConfirmedSignOut {
  /** The same URL without the `state` parameter. */
  location: string;
  /** Stores `signed_out_here`, for the page at `location`. */
  setCookie: string;
}

/**
 * A short-lived cookie that tells the next page why the visitor is signed out: a back-channel logout (they signed
 * out in another app), Logto refusing the session, or their own sign-out here once Logto confirmed it. It survives
 * the silent probe's round trip and is cleared once a page has shown it. It carries no secret: a forged one only
 * changes a message its sender sees.
 */
export class SessionEndedNotice {
  readonly name: string;

  constructor(private readonly cookies: AppCookies) {
    this.name = cookies.name("session-ended");
  }

  /** The reason the request carries, if any (a sign-out still on its way through Logto is none yet). */
  read(request: Request): SessionEndedReason | null {
    return this.parse(readCookie(request.headers.get("cookie"), this.name));
  }

  /** A cookie value as a reason, or `null`. */
  parse(value: string | undefined): SessionEndedReason | null {
    return value && SESSION_ENDED_REASONS.includes(value) ? (value as SessionEndedReason) : null;
  }

  /** Whether `value` names a reason. */
  isReason(value: unknown): value is SessionEndedReason {
    return typeof value === "string" && SESSION_ENDED_REASONS.includes(value);
  }

  set(reason: SessionEndedReason): string {
    return this.cookies.set(this.name, reason, { maxAge: 120 });
  }

  clear(): string {
    return this.cookies.clear(this.name);
  }

  /**
   * For a sign-out about to send the browser to Logto's end-session endpoint: the `state` to send with it, and the
   * cookie that remembers it. Logto adds that `state` to the post sign-out redirect URI only once it has ended its
   * session (and told the other apps), so {@link confirmSignOut} can then say so: a browser that never got there
   * (Logto unreachable, an error page, JavaScript off on Logto's page) is told nothing.
   */
  pendingSignOut(): { state: string; setCookie: string } {
    const state = randomBytes(16).toString("base64url");
    return { state, setCookie: this.cookies.set(this.name, `${PENDING}${state}`, { maxAge: 120 }) };
  }

  /**
   * The browser's return from Logto's end-session endpoint, recognised by the `state` of {@link pendingSignOut}: the
   * redirect that drops `state` from the URL and stores `signed_out_here`; `null` for any other request.
   */
  confirmSignOut(request: Request): ConfirmedSignOut | null {
    if (request.method !== "GET") return null;
    const value = readCookie(request.headers.get("cookie"), this.name);
    if (!value?.startsWith(PENDING)) return null;
    const url = new URL(request.url);
    if (url.searchParams.get(STATE_PARAM) !== value.slice(PENDING.length)) return null;
    url.searchParams.delete(STATE_PARAM);
    return { location: `${url.pathname}${url.search}`, setCookie: this.set("signed_out_here") };
  }
}

/**
 * Where a visitor who was just signed out goes instead of straight to a new sign-in when they open a page that needs
 * a session: the app's `page` that says why (the notice) and offers the sign-in that comes back to `returnTo`.
 */
export function sessionEndedLanding(page: string, returnTo: string): string {
  return returnTo === page ? page : `${page}?${RETURN_TO_PARAM}=${encodeURIComponent(returnTo)}`;
}
