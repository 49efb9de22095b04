import { createClient } from "redis";
import { LogtoError } from "../errors.js";
import { CoalescedTask } from "../util/coalesced-task.js";
import { within } from "../util/within.js";
import { type PendingRevocation, PendingWrites, SeenJtis } from "./pending-writes.js";
import {
  type Kind,
  parseRevocationEvent,
  REVOKE_SCRIPT,
  type RedisRevocationStoreOptions,
  redactUrl,
  scanRevocations,
} from "./redis-protocol.js";
import { RedisSharedRefreshes } from "./redis-refreshes.js";
import { assertRevocationArguments, RevocationMemory } from "./revocation-memory.js";
import { nowSeconds, type RevocableSession, type RevocationStore } from "./revocation-store.js";

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
 * the connection is back), and a logout this instance receives is applied in its memory at once and queued: the
 * queue is written to Redis, and so published to the other instances, as soon as the connection is back. Writes
 * never wait more than 750 ms for Redis. The store also offers `sharedRefreshes`: one refresh per refresh token
 * across instances (keys `<prefix>refresh:*`).
 *
 * Import it from `@logto-hf/auth-config/redis`; it needs the `redis` package (node-redis v5).
 *
 * @param options - The server URL, the key prefix, what to do when Redis is unreachable at start, and where errors go.
 * @returns the connected store, loaded (or, with `whenUnreachable: "start-offline"`, still connecting). Call
 *   `close()` on shutdown.
 * @throws when Redis cannot be reached after `connectRetries` attempts, unless `whenUnreachable` is `"start-offline"`.
 * @example
 * ```ts
 * import { createRedisRevocationStore } from "@logto-hf/auth-config/redis";
 * const store = await createRedisRevocationStore({ url: process.env.REDIS_URL, keyPrefix: "web:revocation:" });
 * ```
 * @see https://redis.io/docs/latest/develop/interact/pubsub/
 */
export async function createRedisRevocationStore(options: RedisRevocationStoreOptions): Promise<RevocationStore> {
  const store = new RedisRevocationStore(options);
  await store.open();
  return store;
}

function defaultOnError(error: unknown): void {
  console.error("[auth-config] Redis revocation store:", error);
}

class RedisRevocationStore implements RevocationStore {
  readonly sharedRefreshes: RedisSharedRefreshes;
  readonly #memory = new RevocationMemory();
  readonly #pending = new PendingWrites();
  readonly #seenJtis = new SeenJtis();
  readonly #prefix: string;
  readonly #channel: string;
  readonly #onError: (error: unknown) => void;
  readonly #client: ReturnType<typeof createClient>;
  readonly #subscriber: ReturnType<typeof createClient>;
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

  constructor(options: RedisRevocationStoreOptions) {
    this.#prefix = options.keyPrefix ?? "logto-hf:revocation:";
    this.#channel = `${this.#prefix}events`;
    this.#onError = options.onError ?? defaultOnError;
    this.#url = options.url;
    this.#startOffline = options.whenUnreachable === "start-offline";
    const connectRetries = options.connectRetries ?? 5;
    this.#client = createClient({
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
    this.sharedRefreshes = new RedisSharedRefreshes(this.#client, `${this.#prefix}refresh:`);
  }

  async open(): Promise<void> {
    const opened = new Promise<Error | undefined>((resolve) => {
      this.#settleOpen = resolve;
    });
    for (const client of [this.#client, this.#subscriber])
      client.connect().catch((error: unknown) => this.#settleOpen?.(error as Error));
    const failure = await opened;
    this.#settleOpen = undefined;
    if (!failure) return;
    const message = `Could not connect to Redis at ${redactUrl(this.#url)} (${failure.message}). Check the URL and that Redis is running.`;
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
    if (!this.#loaded) {
      throw new LogtoError(
        "store.not_loaded",
        `The revocation store has not reached Redis at ${redactUrl(this.#url)} since this process started: sessions cannot be checked against revocations yet.`,
      );
    }
    return this.#memory.isRevoked(session);
  }

  async rememberJti(jti: string, expiresAt: number): Promise<boolean> {
    assertRevocationArguments({ jti, expiresAt });
    if (!this.#seenJtis.remember(jti, expiresAt)) return false;
    if (this.#client.isReady) {
      try {
        return (await within(WRITE_TIMEOUT_MS, this.#setJti(jti, expiresAt), "Redis SET jti")) === "OK";
      } catch (error) {
        this.#report(error);
      }
    }
    this.#pending.addJti(jti, expiresAt);
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      [this.#subscriber, this.#client].map(async (client) => {
        if (!client.isOpen) return;
        await client.close().catch(() => client.destroy());
      }),
    );
  }

  /** Writes a revocation to Redis, or queues it when Redis does not take it in time. */
  async #write(revocation: PendingRevocation): Promise<void> {
    if (this.#client.isReady) {
      try {
        await within(WRITE_TIMEOUT_MS, this.#revoke(revocation), "Redis revocation");
        if (this.#pending.size > 0) this.#catchUp.run();
        return;
      } catch (error) {
        this.#report(error);
      }
    }
    this.#pending.addRevocation(revocation);
  }

  async #revoke({ kind, id, at, expiresAt }: PendingRevocation): Promise<void> {
    await this.#client.eval(REVOKE_SCRIPT, {
      keys: [`${this.#prefix}revoked:${kind}:${id}`],
      arguments: [String(Math.floor(at)), String(Math.floor(expiresAt)), String(nowSeconds()), this.#channel, kind, id],
    });
  }

  #setJti(jti: string, expiresAt: number): Promise<string | null> {
    const ttl = Math.max(1, Math.ceil(expiresAt - nowSeconds()));
    return this.#client.set(`${this.#prefix}jti:${jti}`, "1", {
      expiration: { type: "EX", value: ttl },
      condition: "NX",
    });
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
        await this.#subscriber.subscribe(this.#channel, (message) => this.#apply(message));
        this.#subscribed = true;
      }
      await this.#flush();
      await this.#load();
      this.#loaded = true;
      this.#settleOpen?.(undefined);
    } catch (error) {
      // Before the first load, the error is open()'s to report.
      if (this.#settleOpen && !this.#loaded) this.#settleOpen(error as Error);
      else this.#onError(error);
    }
  }

  /** Writes the queue; what fails stays queued for the next connection. */
  async #flush(): Promise<void> {
    const { revocations, jtis } = this.#pending.take();
    for (const [jti, expiresAt] of jtis) {
      await within(WRITE_TIMEOUT_MS, this.#setJti(jti, expiresAt), "Redis SET jti").catch(() =>
        this.#pending.addJti(jti, expiresAt),
      );
    }
    for (const revocation of revocations) {
      await within(WRITE_TIMEOUT_MS, this.#revoke(revocation), "Redis revocation").catch(() =>
        this.#pending.addRevocation(revocation),
      );
    }
  }

  async #load(): Promise<void> {
    await scanRevocations(this.#client, this.#prefix, (kind, id, at, expiresAt) => this.#add(kind, id, at, expiresAt));
  }
}
