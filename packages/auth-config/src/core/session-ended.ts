import { type AppCookies, readCookie } from "./cookies.js";

/** Why a session this app held has ended, as the next page may tell the visitor. */
export type SessionEndedReason = "signed_out_elsewhere" | "revoked_in_logto";

const SESSION_ENDED_REASONS: readonly string[] = [
  "signed_out_elsewhere",
  "revoked_in_logto",
] satisfies SessionEndedReason[];

/**
 * A short-lived cookie that tells the next page why the visitor is signed out: a back-channel logout (they signed
 * out in another app) or Logto refusing the session. It survives the silent probe's round trip and is cleared once
 * a page has shown it. It carries no secret: a forged one only changes a message its sender sees.
 */
export class SessionEndedNotice {
  readonly name: string;

  constructor(private readonly cookies: AppCookies) {
    this.name = cookies.name("session-ended");
  }

  /** The reason the request carries, if any. */
  read(request: Request): SessionEndedReason | null {
    return this.parse(readCookie(request.headers.get("cookie"), this.name));
  }

  /** A cookie value as a reason, or `null`. */
  parse(value: string | undefined): SessionEndedReason | null {
    return value && SESSION_ENDED_REASONS.includes(value) ? (value as SessionEndedReason) : null;
  }

  set(reason: SessionEndedReason): string {
    return this.cookies.set(this.name, reason, { maxAge: 120 });
  }

  clear(): string {
    return this.cookies.clear(this.name);
  }
}
