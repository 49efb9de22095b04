import type { SharedRefreshes } from "./tokens.js";

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
   * @throws {TypeError} when `createdAt` looks like milliseconds; the Redis store throws until it has read Redis
   *   once (started while Redis was down), rather than let in a session revoked before it started.
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

/** A subject revocation: sessions created at or before `at` are revoked until `expiresAt`. */
export interface SubjectRevocation {
  at: number;
  expiresAt: number;
}

/** What a store knows, in a form that can be saved and merged. */
export interface RevocationSnapshot {
  sessions: Record<string, number>;
  subjects: Record<string, SubjectRevocation>;
}

/**
 * The in-memory view both stores answer {@link RevocationStore.isRevoked} from. Revocations only grow until
 * they expire, so merging takes the maximum of each value and the order in which updates arrive (from a
 * file, from pub/sub, from a scan) does not matter.
 *
 * @internal
 */
export class RevocationMemory {
  readonly #sessions = new Map<string, number>();
  readonly #subjects = new Map<string, SubjectRevocation>();

  /** Adds a session revocation. @returns whether anything changed. */
  addSession(sid: string, expiresAt: number, now = nowSeconds()): boolean {
    if (expiresAt <= now) return false;
    const current = this.#sessions.get(sid);
    if (current !== undefined && current >= expiresAt) return false;
    this.#sessions.set(sid, expiresAt);
    return true;
  }

  /** Adds a subject revocation. @returns whether anything changed. */
  addSubject(sub: string, at: number, expiresAt: number, now = nowSeconds()): boolean {
    if (expiresAt <= now) return false;
    const current = this.#subjects.get(sub);
    if (current && current.at >= at && current.expiresAt >= expiresAt) return false;
    this.#subjects.set(sub, {
      at: Math.max(at, current?.at ?? at),
      expiresAt: Math.max(expiresAt, current?.expiresAt ?? expiresAt),
    });
    return true;
  }

  /** See {@link RevocationStore.isRevoked}. */
  isRevoked(session: RevocableSession, now = nowSeconds()): boolean {
    assertSession(session);
    if (session.sid) {
      const expiresAt = this.#sessions.get(session.sid);
      if (expiresAt !== undefined) {
        if (expiresAt > now) return true;
        this.#sessions.delete(session.sid);
      }
    }
    const subject = this.#subjects.get(session.sub);
    if (subject) {
      if (subject.expiresAt <= now) this.#subjects.delete(session.sub);
      else if (session.createdAt <= subject.at) return true;
    }
    return false;
  }

  /** Drops expired revocations. */
  sweep(now = nowSeconds()): void {
    for (const [sid, expiresAt] of this.#sessions) if (expiresAt <= now) this.#sessions.delete(sid);
    for (const [sub, { expiresAt }] of this.#subjects) if (expiresAt <= now) this.#subjects.delete(sub);
  }

  /** Merges a snapshot, ignoring malformed entries. @returns whether anything changed. */
  merge(snapshot: Partial<RevocationSnapshot>, now = nowSeconds()): boolean {
    let changed = false;
    for (const [sid, expiresAt] of Object.entries(snapshot.sessions ?? {})) {
      if (isEpochSeconds(expiresAt)) changed = this.addSession(sid, expiresAt, now) || changed;
    }
    for (const [sub, entry] of Object.entries(snapshot.subjects ?? {})) {
      if (isEpochSeconds(entry?.at) && isEpochSeconds(entry.expiresAt)) {
        changed = this.addSubject(sub, entry.at, entry.expiresAt, now) || changed;
      }
    }
    return changed;
  }

  /** The unexpired revocations. */
  snapshot(now = nowSeconds()): RevocationSnapshot {
    this.sweep(now);
    return { sessions: Object.fromEntries(this.#sessions), subjects: Object.fromEntries(this.#subjects) };
  }
}

/** Whether `value` is a plausible time in seconds since the epoch (not milliseconds). */
export function isEpochSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 1e11;
}

/** Checks the arguments of a store's write methods. @throws {TypeError} naming the bad argument. */
export function assertRevocationArguments(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (name === "sid" || name === "sub" || name === "jti") {
      if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string.`);
    } else if (!isEpochSeconds(value)) {
      throw new TypeError(`${name} must be a time in seconds since the epoch, got ${JSON.stringify(value)}.`);
    }
  }
}

function assertSession(session: RevocableSession): void {
  if (typeof session.sub !== "string") throw new TypeError("isRevoked: session.sub must be a string.");
  // A createdAt in milliseconds would be later than every revocation and silently never be revoked.
  if (!isEpochSeconds(session.createdAt)) {
    throw new TypeError(
      `isRevoked: session.createdAt must be in seconds since the epoch, got ${JSON.stringify(session.createdAt)} (milliseconds? divide by 1000).`,
    );
  }
}
