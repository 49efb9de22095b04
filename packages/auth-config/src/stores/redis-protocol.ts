import type { createClient } from "redis";
import { nowSeconds } from "./revocation-store.js";

/** Options of `createRedisRevocationStore`. */
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
   * How many times to retry the first connection before giving up (or, with `whenUnreachable: "start-offline"`,
   * before resolving); afterwards the store reconnects forever.
   * @default 5
   */
  connectRetries?: number;
  /**
   * When Redis cannot be reached at start: `"throw"` rejects; `"start-offline"` resolves with a store that keeps
   * connecting in the background. Until it has read Redis once, such a store's `isRevoked` throws (it cannot know
   * the revocations it never read) unless the session is revoked by what it knows (its journal, logouts it received),
   * while logouts it receives are applied in memory and queued for Redis (see `journalPath`).
   * @default "throw"
   */
  whenUnreachable?: "throw" | "start-offline";
  /**
   * The local file (created when first needed) that keeps the logouts Redis has not taken yet, flushed to disk before
   * a write resolves, so that a logout acknowledged while Redis is down survives a restart of this instance. A store
   * reads it when it opens, applies its entries at once, and removes them once Redis has them. Give each app its own;
   * instances of one app on one host may share it.
   * @default ".data/redis-journal-<keyPrefix>.jsonl" (characters other than letters, digits, `.`, `_`, `-` become `_`)
   */
  journalPath?: string;
  /** Receives connection errors and failed background work, which do not stop the store. @default console.error */
  onError?: (error: unknown) => void;
}

/** What a revocation key names: a Logto session or a user. */
export type Kind = "sid" | "sub";

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

/** `text` as a literal in a Redis glob pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return "(an unparsable URL)";
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.href;
}

/** A revocation as `[kind, id, at, expiresAt]`. */
type Revocation = [kind: Kind, id: string, at: string, expiresAt: string];

/** Reads `<kind> <at> <expiresAt> <id>`, as {@link REVOKE_SCRIPT} publishes it; `undefined` for anything else. */
export function parseRevocationEvent(message: string): Revocation | undefined {
  const match = /^(sid|sub) (\d+) (\d+) ([\s\S]+)$/.exec(message);
  return match ? [match[1] as Kind, match[4]!, match[2]!, match[3]!] : undefined;
}

/** One app's revocation keys in Redis, `<prefix>revoked:<kind>:<id>` and `<prefix>jti:<jti>`, and their channel. */
export class RevocationKeys {
  readonly channel: string;

  constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly prefix: string,
  ) {
    this.channel = `${prefix}events`;
  }

  /** Writes and publishes a revocation (see {@link REVOKE_SCRIPT}). */
  async revoke({ kind, id, at, expiresAt }: { kind: Kind; id: string; at: number; expiresAt: number }): Promise<void> {
    await this.client.eval(REVOKE_SCRIPT, {
      keys: [`${this.prefix}revoked:${kind}:${id}`],
      arguments: [String(Math.floor(at)), String(Math.floor(expiresAt)), String(nowSeconds()), this.channel, kind, id],
    });
  }

  /** Records a logout token's ID until `expiresAt`: `"OK"`, or `null` when it was already there (a replay). */
  setJti(jti: string, expiresAt: number): Promise<string | null> {
    const ttl = Math.max(1, Math.ceil(expiresAt - nowSeconds()));
    return this.client.set(`${this.prefix}jti:${jti}`, "1", {
      expiration: { type: "EX", value: ttl },
      condition: "NX",
    });
  }

  /** Reads every revocation key (SCAN and MGET, 500 at a time) into `add`. */
  async scan(add: (...revocation: Revocation) => void): Promise<void> {
    const keyStart = `${this.prefix}revoked:`;
    for await (const keys of this.client.scanIterator({ MATCH: `${escapeGlob(keyStart)}*`, COUNT: 500 })) {
      if (keys.length === 0) continue;
      const values = await this.client.mGet(keys);
      keys.forEach((key, index) => {
        const kindAndId = /^(sid|sub):([\s\S]+)$/.exec(key.slice(keyStart.length));
        const value = /^(\d+) (\d+)$/.exec(values[index] ?? "");
        if (kindAndId && value) add(kindAndId[1] as Kind, kindAndId[2]!, value[1]!, value[2]!);
      });
    }
  }
}
