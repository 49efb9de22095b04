import { LogtoError } from "../errors.js";
import { CoalescedTask } from "../util/coalesced-task.js";
import { within } from "../util/within.js";
import { JournaledWrites } from "./journaled-writes.js";
import { loadRedis, type RedisModule } from "./load-redis.js";
import { type PendingRevocation, SeenJtis } from "./pending-writes.js";
import {
  type Kind,
  parseRevocationEvent,
  type RedisRevocationStoreOptions,
  RevocationKeys,
  redactUrl,
} from "./redis-protocol.js";
import { RedisSharedRefreshes } from "./redis-refreshes.js";
import { defaultJournalPath, type JournalEntry } from "./revocation-journal.js";
import { assertRevocationArguments, RevocationMemory } from "./revocation-memory.js";
import type { RevocableSession, RevocationStore } from "./revocation-store.js";

/** The longest a write may wait for Redis: a back-channel logout must be answered within Logto's 2.5 s. */
const WRITE_TIMEOUT_MS = 750;

/**
 * A revocation store in Redis, for apps running on several hosts. Revocations are keys with a TTL
 * (`<prefix>revoked:sid:<sid>`, `<prefix>revoked:sub:<sub>`), logout-token IDs are `SET NX EX` keys
 * (`<prefix>jti:<jti>`), and every instance keeps a copy in memory that pub/sub keeps current, so
 * `isRevoked` costs no round-trip. On start and after every reconnection the instance subscribes first,
 * then scans the existing keys, so no revocation falls between the two.
 *
 * While Redis is unreachable, `isRevoked` answers from memory (revocations made elsewhere meanwhile arrive when
 * the connection is back), and a logout this instance receives is applied in its memory at once and queued, in memory
 * and in a local journal (`journalPath`) flushed to disk before the write resolves: a restart before Redis is back
 * reads the journal and queues it again. The queue is written to Redis, and so published to the other instances, as
 * soon as the connection is back. Writes never wait more than 750 ms for Redis; a write that neither Redis nor the
 * journal took rejects (`store.not_durable`), so that the logout is not acknowledged. The store also offers `sharedRefreshes`: one refresh per refresh token
 * across instances (keys `<prefix>refresh:*`).
 *
 * Import it from `@logto-hf/auth-config/redis`; it needs the `redis` package (node-redis v5).
 *
 * @param options - The server URL, the key prefix, what to do when Redis is unreachable at start, and where errors go.
 * @returns the connected store, loaded (or, with `whenUnreachable: "start-offline"`, still connecting). Call
 *   `close()` on shutdown.
 * @throws {LogtoError} `store.unreachable` after `connectRetries` failed attempts, unless `whenUnreachable` is
 *   `"start-offline"`.
 * @example
 * ```ts
 * import { createRedisRevocationStore } from "@logto-hf/auth-config/redis";
 * const store = await createRedisRevocationStore({ url: process.env.REDIS_URL, keyPrefix: "web:revocation:" });
 * ```
 * @see https://redis.io/docs/latest/develop/interact/pubsub/
 */
export async function createRedisRevocationStore(options: RedisRevocationStoreOptions): Promise<RevocationStore> {
  const store = new RedisRevocationStore(options, await loadRedis());
  await store.open();
  return store;
}

class RedisRevocationStore implements RevocationStore {
  readonly sharedRefreshes: RedisSharedRefreshes;
  readonly #memory = new RevocationMemory();
  readonly #pending: JournaledWrites;
  readonly #seenJtis = new SeenJtis();
  readonly #keys: RevocationKeys;
  readonly #onError: (error: unknown) => void;
  readonly #client: ReturnType<RedisModule["createClient"]>;
  readonly #subscriber: ReturnType<RedisModule["createClient"]>;
  readonly #url: string;
  readonly #startOffline: boolean;
  /** Set once both connections were up. */
  #connected = false;
  /** Set once Redis was read: until then, `isRevoked` cannot answer. */
  #loaded = false;
  #subscribed = false;
  /** Set after an error is reported, so an outage is reported once, not at every reconnection attempt. */
  #reportedOutage = false;
  #closed = false;
  /** Catches up after every (re)connection; concurrent requests share one run plus at most one more. */
  readonly #catchUp = new CoalescedTask(
    () => this.#catchUpOnce(),
    () => this.#closed,
  );
  #settleOpen: ((outcome: Error | undefined) => void) | undefined;

  constructor(options: RedisRevocationStoreOptions, redis: RedisModule) {
    const prefix = options.keyPrefix ?? "logto-hf:revocation:";
    this.#onError = options.onError ?? ((error) => console.error("[auth-config] Redis revocation store:", error));
    this.#url = options.url;
    this.#startOffline = options.whenUnreachable === "start-offline";
    this.#pending = new JournaledWrites(options.journalPath ?? defaultJournalPath(prefix), this.#onError);
    const connectRetries = options.connectRetries ?? 5;
    this.#client = redis.createClient({
      url: options.url,
      // A logout request fails over to the queue rather than waiting in node-redis's queue past the IdP's timeout.
      disableOfflineQueue: true,
      socket: {
        reconnectStrategy: (retries, cause) => {
          if (!this.#connected && retries >= connectRetries) {
            this.#settleOpen?.(cause);
            if (!this.#startOffline) return false;
          }
          return Math.min(2 ** retries * 50, 2_000) + Math.floor(Math.random() * 200);
        },
      },
    });
    this.#subscriber = this.#client.duplicate();
    for (const client of [this.#client, this.#subscriber]) {
      client.on("error", (error: unknown) => {
        if (!this.#connected || this.#closed) return;
        this.#report(error);
      });
      client.on("ready", () => {
        if (this.#client.isReady && this.#subscriber.isReady) {
          this.#connected = true;
          this.#reportedOutage = false;
        }
        this.#catchUp.run();
      });
    }
    this.#keys = new RevocationKeys(this.#client, prefix);
    this.sharedRefreshes = new RedisSharedRefreshes(this.#client, `${prefix}refresh:`);
  }

  async open(): Promise<void> {
    for (const entry of await this.#pending.restore()) this.#applyQueued(entry);
    const opened = new Promise<Error | undefined>((resolve) => {
      this.#settleOpen = resolve;
    });
    for (const client of [this.#client, this.#subscriber])
      client.connect().catch((error: unknown) => this.#settleOpen?.(error as Error));
    const failure = await opened;
    this.#settleOpen = undefined;
    if (!failure) return;
    const at = `Redis at ${redactUrl(this.#url)}`;
    const message = `Could not connect to ${at} (${failure.message}). Check the URL and that Redis is running.`;
    const error = new LogtoError("store.unreachable", message, { cause: failure });
    if (!this.#startOffline) {
      this.#closed = true;
      for (const client of [this.#client, this.#subscriber]) if (client.isOpen) client.destroy();
      throw error;
    }
    this.#onError(error);
  }

  async revokeSession(sid: string, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sid, expiresAt });
    this.#memory.addSession(sid, expiresAt);
    await this.#write({ kind: "sid", id: sid, at: 0, expiresAt });
  }

  async revokeSubject(sub: string, at: number, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sub, at, expiresAt });
    this.#memory.addSubject(sub, at, expiresAt);
    await this.#write({ kind: "sub", id: sub, at, expiresAt });
  }

  isRevoked(session: RevocableSession): boolean {
    // What this instance knows to be revoked stays revoked; only "not revoked" needs Redis read once.
    if (!this.#loaded && !this.#memory.isRevoked(session)) {
      throw new LogtoError(
        "store.not_loaded",
        `The revocation store has not reached Redis at ${redactUrl(this.#url)} since this process started: ` +
          "sessions cannot be checked against revocations yet.",
      );
    }
    return this.#memory.isRevoked(session);
  }

  async rememberJti(jti: string, expiresAt: number): Promise<boolean> {
    assertRevocationArguments({ jti, expiresAt });
    if (!this.#seenJtis.remember(jti, expiresAt)) return false;
    if (this.#client.isReady) {
      try {
        return (await within(WRITE_TIMEOUT_MS, this.#keys.setJti(jti, expiresAt), "Redis SET jti")) === "OK";
      } catch (error) {
        this.#report(error);
      }
    }
    await this.#pending.add({ kind: "jti", id: jti, expiresAt });
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const connections = [this.#subscriber, this.#client].filter((client) => client.isOpen);
    await Promise.all(connections.map((client) => client.close().catch(() => client.destroy())));
  }

  /** Writes a revocation to Redis, or queues it (journaled) when Redis does not take it in time. */
  async #write(revocation: PendingRevocation): Promise<void> {
    if (this.#client.isReady) {
      try {
        await within(WRITE_TIMEOUT_MS, this.#keys.revoke(revocation), "Redis revocation");
        if (this.#pending.size > 0) this.#catchUp.run();
        return;
      } catch (error) {
        this.#report(error);
      }
    }
    await this.#pending.add(revocation);
  }

  #report(error: unknown): void {
    if (this.#reportedOutage) return;
    this.#reportedOutage = true;
    this.#onError(error);
  }

  #apply(message: string): void {
    const revocation = parseRevocationEvent(message);
    if (revocation) this.#add(...revocation);
  }

  /** A journaled write of an earlier run, applied as when it was received. */
  #applyQueued(entry: JournalEntry): void {
    if (entry.kind === "jti") this.#seenJtis.remember(entry.id, entry.expiresAt);
    else this.#add(entry.kind, entry.id, String(entry.at), String(entry.expiresAt));
  }

  #add(kind: Kind, id: string, at: string, expiresAt: string): void {
    if (kind === "sid") this.#memory.addSession(id, Number(expiresAt));
    else this.#memory.addSubject(id, Number(at), Number(expiresAt));
  }

  /**
   * After every (re)connection: subscribes (once: node-redis resubscribes before "ready" after that), writes what
   * was queued while Redis was down, then scans the keys for what was published meanwhile.
   */
  async #catchUpOnce(): Promise<void> {
    // Both connections must be up: the subscription catches what the scan misses.
    if (!this.#client.isReady || !this.#subscriber.isReady) return;
    try {
      if (!this.#subscribed) {
        await this.#subscriber.subscribe(this.#keys.channel, (message) => this.#apply(message));
        this.#subscribed = true;
      }
      await this.#pending.writeTo(this.#keys, WRITE_TIMEOUT_MS);
      await this.#keys.scan((kind, id, at, expiresAt) => this.#add(kind, id, at, expiresAt));
      this.#loaded = true;
      this.#settleOpen?.(undefined);
    } catch (error) {
      // Before the first load, the error is open()'s to report.
      if (this.#settleOpen && !this.#loaded) this.#settleOpen(error as Error);
      else this.#onError(error);
    }
  }
}
