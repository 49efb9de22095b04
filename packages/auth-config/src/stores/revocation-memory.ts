import { LogtoError } from "../errors.js";
import { nowSeconds, type RevocableSession } from "./revocation-store.js";
import { RollingPrune } from "./rolling-prune.js";

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
 * file, from pub/sub, from a scan) does not matter. Each new entry prunes a few old ones ({@link RollingPrune}), so
 * memory follows the unexpired revocations in a process that never saves nor is asked about the expired ones.
 *
 * @internal
 */
export class RevocationMemory {
  readonly #sessions = new Map<string, number>();
  readonly #subjects = new Map<string, SubjectRevocation>();
  readonly #sessionPrune = new RollingPrune(this.#sessions, (expiresAt) => expiresAt);
  readonly #subjectPrune = new RollingPrune(this.#subjects, ({ expiresAt }) => expiresAt);

  /** How many revocations are held, expired ones not yet pruned included. */
  get size(): { sessions: number; subjects: number } {
    return { sessions: this.#sessions.size, subjects: this.#subjects.size };
  }

  /** Adds a session revocation. @returns whether anything changed. */
  addSession(sid: string, expiresAt: number, now = nowSeconds()): boolean {
    if (expiresAt <= now) return false;
    const current = this.#sessions.get(sid);
    if (current !== undefined && current >= expiresAt) return false;
    if (current === undefined) this.#sessionPrune.step(now);
    this.#sessions.set(current === undefined ? ownCopy(sid) : sid, expiresAt);
    return true;
  }

  /** Adds a subject revocation. @returns whether anything changed. */
  addSubject(sub: string, at: number, expiresAt: number, now = nowSeconds()): boolean {
    if (expiresAt <= now) return false;
    const current = this.#subjects.get(sub);
    if (current && current.at >= at && current.expiresAt >= expiresAt) return false;
    if (!current) this.#subjectPrune.step(now);
    this.#subjects.set(current ? sub : ownCopy(sub), {
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
    // for…in rather than Object.entries, which would build an array per entry: a million for a large file.
    const sessions = snapshot.sessions ?? {};
    for (const sid in sessions) {
      const expiresAt = sessions[sid];
      if (isEpochSeconds(expiresAt)) changed = this.addSession(sid, expiresAt, now) || changed;
    }
    const subjects = snapshot.subjects ?? {};
    for (const sub in subjects) {
      const entry = subjects[sub];
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

/**
 * `id` in a string of its own. An ID cut out of a longer string (a Redis key read by the scan, a pub/sub message) is,
 * in V8, a slice that keeps the whole longer string alive: held for 30 days per revocation, that doubled the Redis
 * store's memory. JSON's round trip copies any string exactly, lone surrogates included.
 */
function ownCopy(id: string): string {
  return JSON.parse(JSON.stringify(id)) as string;
}

/** Whether `value` is a plausible time in seconds since the epoch (not milliseconds). */
export function isEpochSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 1e11;
}

/** Checks the arguments of a store's write methods. @throws {LogtoError} `argument.invalid` naming the bad argument. */
export function assertRevocationArguments(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (name === "sid" || name === "sub" || name === "jti") {
      if (typeof value !== "string" || value === "")
        throw new LogtoError("argument.invalid", `${name} must be a non-empty string.`);
    } else if (!isEpochSeconds(value)) {
      throw new LogtoError(
        "argument.invalid",
        `${name} must be a time in seconds since the epoch, got ${JSON.stringify(value)}.`,
      );
    }
  }
}

function assertSession(session: RevocableSession): void {
  if (typeof session.sub !== "string")
    throw new LogtoError("argument.invalid", "isRevoked: session.sub must be a string.");
  // A createdAt in milliseconds would be later than every revocation and silently never be revoked.
  if (!isEpochSeconds(session.createdAt)) {
    throw new LogtoError(
      "argument.invalid",
      `isRevoked: session.createdAt must be in seconds since the epoch, got ${JSON.stringify(session.createdAt)} ` +
        "(milliseconds? divide by 1000).",
    );
  }
}
