import type { SharedRefreshes } from "../client/refresh.js";

/** A session of one app, as the revocation check sees it. */
export interface RevocableSession {
  /** The Logto session ID: the `sid` claim of the ID token the session was created from, when it had one. */
  sid?: string | undefined;
  /** The Logto user ID (`sub`). */
  sub: string;
  /** When this app's session was created, in **seconds** since the epoch. */
  createdAt: number;
}

/**
 * Where one app records what back-channel logout revoked. Sessions live in cookies, so a revoked session is
 * one whose cookie is still valid but which must be treated as signed out. Every instance of the app shares
 * one store.
 *
 * Implementations: `createFileRevocationStore` (the embedded default, one JSON file) and
 * `createRedisRevocationStore` from `@logto-hf/auth-config/redis`.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCActions
 */
export interface RevocationStore {
  /**
   * Records that the Logto session `sid` ended; sessions carrying it are revoked until `expiresAt`.
   *
   * @param sid - The `sid` of the logout token.
   * @param expiresAt - Until when, in seconds since the epoch; at least the end of the longest session of the app.
   */
  revokeSession(sid: string, expiresAt: number): Promise<void>;
  /**
   * Records that every session of `sub` created at or before `at` is revoked, until `expiresAt`.
   *
   * @param sub - The `sub` of the logout token.
   * @param at - Sessions created at or before this time (seconds since the epoch) are revoked.
   * @param expiresAt - Until when, in seconds since the epoch.
   */
  revokeSubject(sub: string, at: number, expiresAt: number): Promise<void>;
  /**
   * Whether `session` is revoked. Answers from memory kept current by the store: no I/O per call.
   *
   * @param session - The session's `sid`, `sub` and creation time (seconds).
   * @returns `true` when the session must be treated as signed out.
   * @throws {LogtoError} `argument.invalid` when `createdAt` looks like milliseconds; the Redis store throws until it
   *   has read Redis once (started while Redis was down), rather than let in a session revoked before it started.
   */
  isRevoked(session: RevocableSession): boolean | Promise<boolean>;
  /**
   * Records a logout token's `jti`. Call it only after the token's signature verified, so that invalid tokens
   * never take space.
   *
   * @param jti - The token's `jti`.
   * @param expiresAt - Until when to remember it (seconds since the epoch): when the token can no longer be accepted.
   * @returns `false` when the `jti` was already recorded, i.e. the token is a replay.
   */
  rememberJti(jti: string, expiresAt: number): Promise<boolean>;
  /** Stops watching for changes and releases connections, files and timers. */
  close(): Promise<void>;
  /**
   * Set by a store that every instance reaches over the network (Redis): `checkLogtoSession` then spends each refresh
   * token in one instance only and hands the new tokens to the others. Without it, refreshes are single-flight per
   * process.
   */
  readonly sharedRefreshes?: SharedRefreshes | undefined;
}

/** The current time in seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
