import { createHash } from "node:crypto";
import type { ResourceToken } from "../client/resource-code.js";
import type { LogtoSessionData } from "./session-data.js";

/** A token is not handed out in its last minute: the API call it is for must not carry an expired token. */
const EXPIRY_MARGIN = 60;
const MAX_ENTRIES = 10_000;

/**
 * The access tokens for API resources of this process, per session and resource, until they expire: in memory only,
 * never in a cookie or a page. A session is known by its user, Logto session and creation time, which a refresh of
 * its own tokens does not change; the key is a hash of those and the resource.
 */
export class ResourceTokenCache {
  readonly #entries = new Map<string, ResourceToken>();

  get(session: SessionKeyParts, resource: string, now = Date.now() / 1000): ResourceToken | undefined {
    const key = cacheKey(session, resource);
    const token = this.#entries.get(key);
    if (!token) return undefined;
    if (now < token.expiresAt - EXPIRY_MARGIN) return token;
    this.#entries.delete(key);
    return undefined;
  }

  set(session: SessionKeyParts, resource: string, token: ResourceToken): void {
    const key = cacheKey(session, resource);
    this.#entries.delete(key);
    this.#entries.set(key, token);
    if (this.#entries.size > MAX_ENTRIES) this.#prune();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drops the expired tokens, then the oldest until the cache is back under its bound. */
  #prune(): void {
    const now = Date.now() / 1000;
    for (const [key, token] of this.#entries) if (now >= token.expiresAt - EXPIRY_MARGIN) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}

/** What names a session in the cache. */
export type SessionKeyParts = Pick<LogtoSessionData, "user" | "sid" | "createdAt">;

function cacheKey({ user, sid, createdAt }: SessionKeyParts, resource: string): string {
  return createHash("sha256")
    .update([user.id, sid ?? "", createdAt, resource].join("\0"))
    .digest("base64url");
}
