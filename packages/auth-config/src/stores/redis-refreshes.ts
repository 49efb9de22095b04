import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { createClient } from "redis";
import { REUSE_RESULT_MS, type SharedRefreshes } from "../client/refresh.js";
import { LogtoRefreshError } from "../client/refresh-error.js";
import type { LogtoClientCredentials, RefreshedTokens } from "../client/token-endpoint.js";
import { within } from "../util/within.js";

/** Timings of {@link RedisSharedRefreshes}, in milliseconds. */
export interface SharedRefreshTimings {
  /**
   * How long the instance that refreshes holds the lock: longer than a refresh can take (its request times out
   * after 5 s), so that no other instance spends the token meanwhile; a crashed holder blocks the token this long.
   * @default 10000
   */
  lockTtl?: number;
  /** How long another instance waits for the holder's result before keeping its session as it is. @default 2000 */
  wait?: number;
  /** How long the result stays in Redis for late requests still carrying the old token. @default 30000 */
  resultTtl?: number;
  /** The least time a Redis command is given before Redis counts as down (the lock and the result get all of `wait`). @default 500 */
  command?: number;
}

const DEFAULTS: Required<SharedRefreshTimings> = {
  lockTtl: 10_000,
  wait: 2_000,
  resultTtl: REUSE_RESULT_MS,
  command: 500,
};
const POLL_MS = 25;

/**
 * The outcome if another instance stored one, else the lock if no instance holds it, in one step: looked up apart, a
 * holder could store its outcome and release the lock between the two, and this instance would take the lock and
 * spend the token that holder has just rotated. KEYS[1] = result, KEYS[2] = lock; ARGV[1] = owner, ARGV[2] = lock TTL.
 */
const LOOK_UP_OR_LOCK_SCRIPT = `
local outcome = redis.call('GET', KEYS[1])
if outcome then return {'result', outcome} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'locked'} end
return {'busy'}
`;
type LookUp = "result" | "locked" | "busy";

/** Deletes the lock only if this instance still holds it. KEYS[1] = lock; ARGV[1] = owner. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** What the holder leaves for the others: the new tokens, or the IdP's refusal. */
type Outcome = { tokens: RefreshedTokens } | { error: { oauthError?: string | undefined; message: string } };

/** Redis did not answer: the refresh goes on without it. Never leaves this module. */
class RedisUnavailable extends Error {}

/**
 * One refresh per refresh token across every instance sharing a Redis: the instance that takes the lock
 * (`SET <prefix>lock:<id> NX PX`) spends the token and stores the outcome (`<prefix>result:<id>`, a short TTL),
 * which the instances waiting on the lock pick up, so that all of them write the same new tokens into their cookies.
 *
 * `<id>` and the encryption key of the outcome are derived (HKDF-SHA-256) from the old refresh token with the client
 * secret as salt: someone who can read Redis learns neither the tokens nor which refresh token a key belongs to, and
 * can decrypt an outcome only with both the old refresh token and the client secret, for `resultTtl`.
 *
 * When Redis is unreachable the refresh runs in this process alone (two instances may then spend one token, as
 * without Redis), and no caller waits longer than about `wait` for Redis or another instance.
 *
 * @internal
 */
export class RedisSharedRefreshes implements SharedRefreshes {
  readonly #timings: Required<SharedRefreshTimings>;

  constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly prefix: string,
    timings: SharedRefreshTimings = {},
  ) {
    this.#timings = { ...DEFAULTS, ...timings };
  }

  async refresh(
    credentials: LogtoClientCredentials,
    refreshToken: string,
    exchange: () => Promise<RefreshedTokens>,
  ): Promise<RefreshedTokens> {
    const { id, key } = deriveKeys(credentials, refreshToken);
    const owner = randomUUID();
    const deadline = Date.now() + this.#timings.wait;
    let contended = false;
    try {
      for (;;) {
        // A slow Redis (a busy host) gets the whole wait, not one command's time: going alone would spend the token
        // twice if another instance holds the lock.
        const budget = Math.max(this.#timings.command, deadline - Date.now());
        const [state, stored] = await this.#command(
          "look up",
          () =>
            this.client.eval(LOOK_UP_OR_LOCK_SCRIPT, {
              keys: [`${this.prefix}result:${id}`, `${this.prefix}lock:${id}`],
              arguments: [owner, String(this.#timings.lockTtl)],
            }) as Promise<[LookUp, string?]>,
          budget,
        );
        if (state === "result" && stored) return settle(open(stored, key, id));
        if (state === "locked") break;
        contended = true;
        if (Date.now() >= deadline)
          throw pending("Another instance of the app is still refreshing this session's tokens.");
        await delay(POLL_MS);
      }
    } catch (error) {
      if (!(error instanceof RedisUnavailable)) throw error;
      // Another instance may be spending the token right now: better keep the session as it is than spend it twice.
      if (contended) throw pending(`Redis failed while another instance was refreshing: ${error.message}`);
      // Said each time: two instances refreshing alone may spend one token twice, and Logto then ends the session.
      console.warn(`[auth-config] Refreshing in this process alone: ${error.message}`);
      return exchange();
    }
    return this.#exchangeHoldingLock(id, key, owner, exchange);
  }

  async #exchangeHoldingLock(
    id: string,
    key: Buffer,
    owner: string,
    exchange: () => Promise<RefreshedTokens>,
  ): Promise<RefreshedTokens> {
    let outcome: Outcome;
    try {
      outcome = { tokens: await exchange() };
    } catch (error) {
      // A refusal is final for every instance; an unreachable IdP is not, so the next request may try again.
      if (!(error instanceof LogtoRefreshError) || error.transient) {
        await this.#release(id, owner);
        throw error;
      }
      outcome = { error: { oauthError: error.oauthError, message: error.message } };
    }
    // The others wait for this outcome: it gets the whole wait, as their commands do. If it cannot be stored, the lock
    // is kept (not released), so that the others keep their sessions until it expires rather than spend the token
    // this exchange has just rotated.
    const shared = await this.#command(
      "SET result",
      () =>
        this.client.set(`${this.prefix}result:${id}`, seal(outcome, key, id), {
          expiration: { type: "PX", value: this.#timings.resultTtl },
        }),
      this.#timings.wait,
    ).then(
      () => true,
      (error: unknown) => {
        console.warn(`[auth-config] The refresh outcome could not be shared: ${(error as Error).message}`);
        return false;
      },
    );
    if (shared) await this.#release(id, owner);
    return settle(outcome);
  }

  async #release(id: string, owner: string): Promise<void> {
    await this.#command("release", () =>
      this.client.eval(RELEASE_SCRIPT, { keys: [`${this.prefix}lock:${id}`], arguments: [owner] }),
    ).catch(() => undefined);
  }

  /** Runs a Redis command; {@link RedisUnavailable} when Redis is not connected, fails or does not answer in time. */
  async #command<T>(what: string, command: () => Promise<T>, budget = this.#timings.command): Promise<T> {
    if (!this.client.isReady) throw new RedisUnavailable("Redis is not connected");
    try {
      return await within(budget, command(), `Redis ${what}`);
    } catch (cause) {
      throw new RedisUnavailable(`Redis ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }
}

function pending(message: string): LogtoRefreshError {
  return new LogtoRefreshError("refresh.pending", message);
}

function settle(outcome: Outcome): RefreshedTokens {
  if ("tokens" in outcome) return outcome.tokens;
  if (outcome.error.oauthError === undefined) throw pending(outcome.error.message);
  throw new LogtoRefreshError("refresh.refused", outcome.error.message, outcome.error.oauthError);
}

/** The Redis key ID and the AES-256-GCM key for one refresh token. */
function deriveKeys(
  { clientId, clientSecret }: LogtoClientCredentials,
  refreshToken: string,
): { id: string; key: Buffer } {
  const derive = (use: string) =>
    Buffer.from(hkdfSync("sha256", refreshToken, clientSecret, `logto-hf refresh ${use} ${clientId}`, 32));
  return { id: derive("id").toString("base64url"), key: derive("key") };
}

/** `iv.ciphertext.tag` in base64url, with the key ID as associated data. */
function seal(outcome: Outcome, key: Buffer, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(id));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(outcome), "utf8"), cipher.final()]);
  return [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

/** The outcome sealed by {@link seal}; anything that does not decrypt (tampered, another secret) counts as pending. */
function open(sealed: string, key: Buffer, id: string): Outcome {
  const unreadable = { error: { message: "The refresh outcome stored in Redis could not be read." } };
  const [iv, ciphertext, tag] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !ciphertext || !tag) return unreadable;
  let outcome: Outcome;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(id)).setAuthTag(tag);
    outcome = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8")) as Outcome;
  } catch {
    return unreadable;
  }
  if ("tokens" in outcome && typeof outcome.tokens?.accessToken === "string") return outcome;
  if ("error" in outcome && typeof outcome.error?.oauthError === "string") return outcome;
  return unreadable;
}
