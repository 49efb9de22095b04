import { createClient } from "redis";
import { assertRevocationArguments, nowSeconds, type RevocableSession, RevocationMemory, type RevocationStore } from "./revocation.js";

/** Options of {@link createRedisRevocationStore}. */
export interface RedisRevocationStoreOptions {
  /** The Redis server, `redis[s]://[[user]:password@]host[:port][/db]`. */
  url: string;
  /**
   * Prefix of every key and of the pub/sub channel. Give each app its own, since each app has its own
   * sessions and logout tokens.
   * @default "logto-hf:revocation:"
   */
  keyPrefix?: string;
  /**
   * How many times to retry the first connection before giving up; afterwards the store reconnects forever.
   * @default 5
   */
  connectRetries?: number;
  /** Receives connection errors and failed background reloads, which do not stop the store. @default console.error */
  onError?: (error: unknown) => void;
}

type Kind = "sid" | "sub";

/**
 * Merges a revocation into its key (the later `at`, the later expiry), sets the TTL and publishes the result,
 * atomically: a subscriber that sees the event also finds the key, and concurrent writers never lower a value.
 * KEYS[1] = key; ARGV = at, expiresAt, now, channel, kind, id.
 */
const REVOKE_SCRIPT = `
local at = tonumber(ARGV[1])
local expiresAt = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local current = redis.call('GET', KEYS[1])
if current then
  local a, e = string.match(current, '^(%d+) (%d+)$')
  if a then
    at = math.max(at, tonumber(a))
    expiresAt = math.max(expiresAt, tonumber(e))
  end
end
if expiresAt <= now then return false end
local value = string.format('%d %d', at, expiresAt)
redis.call('SET', KEYS[1], value, 'EX', expiresAt - now)
redis.call('PUBLISH', ARGV[4], ARGV[5] .. ' ' .. value .. ' ' .. ARGV[6])
return value
`;

/**
 * A revocation store in Redis, for apps running on several hosts. Revocations are keys with a TTL
 * (`<prefix>revoked:sid:<sid>`, `<prefix>revoked:sub:<sub>`), logout-token IDs are `SET NX EX` keys
 * (`<prefix>jti:<jti>`), and every instance keeps a copy in memory that pub/sub keeps current, so
 * `isRevoked` costs no round-trip. On start and after every reconnection the instance subscribes first,
 * then scans the existing keys, so no revocation falls between the two.
 *
 * While Redis is unreachable, `isRevoked` answers from memory (revocations made elsewhere meanwhile arrive
 * when the connection is back) and the write methods reject at once instead of queueing.
 *
 * Import it from `@logto-hf/auth-config/redis`; it needs the `redis` package (node-redis v5).
 *
 * @param options - The server URL, the key prefix, and where errors go.
 * @returns the connected store, loaded. Call `close()` on shutdown.
 * @throws when Redis cannot be reached after `connectRetries` attempts.
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
  readonly #memory = new RevocationMemory();
  readonly #prefix: string;
  readonly #channel: string;
  readonly #onError: (error: unknown) => void;
  readonly #client: ReturnType<typeof createClient>;
  readonly #subscriber: ReturnType<typeof createClient>;
  readonly #url: string;
  #connected = false;
  /** Set after an error is reported, so an outage is reported once, not at every reconnection attempt. */
  #reportedOutage = false;
  #closed = false;
  #loading: Promise<void> | undefined;
  #loadAgain = false;

  constructor(options: RedisRevocationStoreOptions) {
    this.#prefix = options.keyPrefix ?? "logto-hf:revocation:";
    this.#channel = `${this.#prefix}events`;
    this.#onError = options.onError ?? defaultOnError;
    this.#url = options.url;
    const connectRetries = options.connectRetries ?? 5;
    this.#client = createClient({
      url: options.url,
      // A logout request fails fast while Redis is down rather than waiting in a queue past the IdP's timeout.
      disableOfflineQueue: true,
      socket: {
        reconnectStrategy: (retries) => {
          if (!this.#connected && retries >= connectRetries) return false;
          return Math.min(2 ** retries * 50, 2_000) + Math.floor(Math.random() * 200);
        },
      },
    });
    this.#subscriber = this.#client.duplicate();
    for (const client of [this.#client, this.#subscriber]) {
      client.on("error", (error: unknown) => {
        if (!this.#connected || this.#closed || this.#reportedOutage) return;
        this.#reportedOutage = true;
        this.#onError(error);
      });
    }
  }

  async open(): Promise<void> {
    try {
      await Promise.all([this.#client.connect(), this.#subscriber.connect()]);
      await this.#subscriber.subscribe(this.#channel, (message) => this.#apply(message));
      await this.#load();
    } catch (error) {
      for (const client of [this.#client, this.#subscriber]) if (client.isOpen) client.destroy();
      throw new Error(
        `Could not connect to Redis at ${redactUrl(this.#url)} (${(error as Error).message}). Check the URL and that Redis is running.`,
        { cause: error },
      );
    }
    this.#connected = true;
    // node-redis resubscribes before "ready"; events published while disconnected are recovered by a scan.
    for (const client of [this.#client, this.#subscriber]) {
      client.on("ready", () => {
        this.#reportedOutage = false;
        this.#reload();
      });
    }
  }

  async revokeSession(sid: string, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sid, expiresAt });
    this.#memory.addSession(sid, expiresAt);
    await this.#revoke("sid", sid, 0, expiresAt);
  }

  async revokeSubject(sub: string, at: number, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sub, at, expiresAt });
    this.#memory.addSubject(sub, at, expiresAt);
    await this.#revoke("sub", sub, at, expiresAt);
  }

  isRevoked(session: RevocableSession): boolean {
    return this.#memory.isRevoked(session);
  }

  async rememberJti(jti: string, expiresAt: number): Promise<boolean> {
    assertRevocationArguments({ jti, expiresAt });
    const ttl = Math.max(1, Math.ceil(expiresAt - nowSeconds()));
    const reply = await this.#client.set(`${this.#prefix}jti:${jti}`, "1", {
      expiration: { type: "EX", value: ttl },
      condition: "NX",
    });
    return reply === "OK";
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

  async #revoke(kind: Kind, id: string, at: number, expiresAt: number): Promise<void> {
    await this.#client.eval(REVOKE_SCRIPT, {
      keys: [`${this.#prefix}revoked:${kind}:${id}`],
      arguments: [String(Math.floor(at)), String(Math.floor(expiresAt)), String(nowSeconds()), this.#channel, kind, id],
    });
  }

  /** Applies `<kind> <at> <expiresAt> <id>` published by {@link REVOKE_SCRIPT}. */
  #apply(message: string): void {
    const match = /^(sid|sub) (\d+) (\d+) ([\s\S]+)$/.exec(message);
    if (!match) return;
    this.#add(match[1] as Kind, match[4]!, match[2]!, match[3]!);
  }

  #add(kind: Kind, id: string, at: string, expiresAt: string): void {
    if (kind === "sid") this.#memory.addSession(id, Number(expiresAt));
    else this.#memory.addSubject(id, Number(at), Number(expiresAt));
  }

  async #load(): Promise<void> {
    const keyStart = `${this.#prefix}revoked:`;
    for await (const keys of this.#client.scanIterator({ MATCH: `${escapeGlob(keyStart)}*`, COUNT: 500 })) {
      if (keys.length === 0) continue;
      const values = await this.#client.mGet(keys);
      keys.forEach((key, index) => {
        const kindAndId = /^(sid|sub):([\s\S]+)$/.exec(key.slice(keyStart.length));
        const value = /^(\d+) (\d+)$/.exec(values[index] ?? "");
        if (kindAndId && value) this.#add(kindAndId[1] as Kind, kindAndId[2]!, value[1]!, value[2]!);
      });
    }
  }

  /** Rescans after a reconnection; concurrent requests share one scan plus at most one more. */
  #reload(): void {
    if (this.#closed) return;
    if (this.#loading) {
      this.#loadAgain = true;
      return;
    }
    this.#loading = (async () => {
      do {
        this.#loadAgain = false;
        // Both connections must be up: the subscription catches what the scan misses.
        if (!this.#client.isReady || !this.#subscriber.isReady) return;
        await this.#load().catch((error: unknown) => this.#onError(error));
      } while (this.#loadAgain && !this.#closed);
    })().finally(() => {
      this.#loading = undefined;
    });
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function redactUrl(url: string): string {
  if (!URL.canParse(url)) return "(an unparsable URL)";
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.href;
}
