import type { LogtoSessionData } from "./session-data.js";

/** How many ended sessions a process remembers; the oldest is forgotten first. */
const LIMIT = 1000;

/**
 * The sessions this process saw end, so that each ending is logged once: every read of a request (Remix's loaders,
 * Next.js's proxy and page) and every parallel request of the browser carries the ended session's cookie until the
 * browser drops it.
 */
export class EndedSessions {
  readonly #seen = new Set<string>();

  /** `true` the first time `session` is seen ended. */
  first(session: Pick<LogtoSessionData, "user" | "sid" | "createdAt">): boolean {
    const key = JSON.stringify([session.user.id, session.sid ?? null, session.createdAt]);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > LIMIT) this.#seen.delete(this.#seen.values().next().value as string);
    return true;
  }
}
