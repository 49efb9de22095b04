import { createHash } from "node:crypto";
import { signInThroughStandIn, startTestIdp } from "@logto-hf/dev-idp/testing";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LogtoIssuerMetadata } from "../client/discovery.js";
import { LogtoClient } from "../client/logto-client.js";
import type { LogtoRefreshError } from "../client/refresh-error.js";
import { exchangeRefreshToken, type RefreshedTokens } from "../client/token-endpoint.js";
import { checkLogtoSession } from "../core/session-check.js";
import { createRedisRevocationStore } from "../redis.js";
import { LogtoStrategy } from "../remix/strategy.js";
import { cookiesFrom } from "../test-support/cookies.js";
import { startRedisServer, type TestRedis } from "../test-support/redis-server.js";
import { RedisSharedRefreshes, type SharedRefreshTimings } from "./redis-refreshes.js";
import type { RevocationStore } from "./revocation-store.js";

const APP = "http://localhost:4995";
const client = {
  clientId: "shared-refresh-test",
  clientSecret: "shared-refresh-test-secret",
  name: "Shared refresh test",
  redirectUris: [`${APP}/auth/callback`],
  postLogoutRedirectUris: [`${APP}/`],
  // Nothing listens there; with a back-channel logout URI, ID tokens and the IdP's log carry the grant's sid.
  backchannelLogoutUri: `${APP}/auth/backchannel-logout`,
};
const now = () => Math.floor(Date.now() / 1000);

let idp: Awaited<ReturnType<typeof startTestIdp>>;
/** The app's client of the IdP (every instance of the app has one like it). */
let logto: LogtoClient;
let metadata: LogtoIssuerMetadata;
let redis: TestRedis;
/** Two instances of the app: a store each, with its own Redis connections. */
let instances: RevocationStore[];
const clients: ReturnType<typeof createClient>[] = [];

beforeAll(async () => {
  [idp, redis] = await Promise.all([startTestIdp([client]), startRedisServer()]);
  logto = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  metadata = await logto.metadata();
  const open = () => createRedisRevocationStore({ url: redis.url, keyPrefix: "shared:", onError: () => undefined });
  instances = await Promise.all([open(), open()]);
});
afterEach(async () => {
  vi.restoreAllMocks();
  redis.resume();
  if (!(await redisAnswers())) await redis.start();
});
afterAll(async () => {
  await Promise.all(instances.map((store) => store.close()));
  for (const redisClient of clients) if (redisClient.isOpen) redisClient.destroy();
  await Promise.all([idp.stop(), redis.stop()]);
});

async function redisAnswers(): Promise<boolean> {
  return (await connect()).ping().then(
    () => true,
    () => false,
  );
}

/** A Redis connection like the store's: commands fail at once while disconnected. */
async function connect(): Promise<ReturnType<typeof createClient>> {
  const redisClient = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: 50 } });
  redisClient.on("error", () => undefined);
  clients.push(redisClient);
  await redisClient.connect().catch(() => undefined);
  return redisClient;
}

/** The shared refreshes of a third instance, with its own timings. */
async function instanceWith(timings: SharedRefreshTimings) {
  return new RedisSharedRefreshes(await connect(), "shared:refresh:", timings);
}

/** A signed-in session of the test app: its refresh token and the `sid` the IdP logs its exchanges under. */
async function signIn(): Promise<{ refreshToken: string; sid: string; accessToken: string }> {
  const strategy = await LogtoStrategy.create(
    {
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectURI: `${APP}/auth/callback`,
      logtoClient: logto,
    },
    async ({ tokens, claims }) => ({
      sid: String(claims.sid),
      refreshToken: tokens.refreshToken(),
      accessToken: tokens.accessToken(),
    }),
  );
  const start = (await strategy
    .authenticate(new Request(`${APP}/auth/sign-in`))
    .catch((thrown: unknown) => thrown)) as Response;
  const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, { account: "ada" });
  return strategy.authenticate(new Request(callbackUrl, { headers: { cookie: cookiesFrom(start) } }));
}

interface LogEntry {
  payload: { result: "Success" | "Error"; sid?: string; error?: { error: string } };
}
/** The IdP's refresh exchanges for this client (its audit log), oldest first. */
async function refreshExchanges(): Promise<LogEntry["payload"][]> {
  const url = `${idp.origin}/api/logs?logKey=ExchangeTokenBy.RefreshToken&applicationId=${client.clientId}`;
  return ((await (await fetch(url)).json()) as LogEntry[]).map((entry) => entry.payload).reverse();
}

const exchange = (refreshToken: string) => () => exchangeRefreshToken(metadata, client, refreshToken);

/** The first instance takes the lock for `refreshToken` and spends it only once `holderMayExchange()` is called. */
async function holdTheLock(refreshToken: string) {
  const locks = async () => (await (await connect()).keys("shared:refresh:lock:*")).length;
  const locksBefore = await locks();
  let holderMayExchange: () => void = () => undefined;
  const holding = instances[0]!.sharedRefreshes!.refresh(client, refreshToken, async () => {
    await new Promise<void>((resolve) => {
      holderMayExchange = resolve;
    });
    return exchange(refreshToken)();
  });
  await vi.waitFor(async () => expect(await locks()).toBe(locksBefore + 1));
  return { holding, holderMayExchange: () => holderMayExchange() };
}
const userinfoOk = async (tokens: RefreshedTokens) => (await logto.userinfo(tokens.accessToken)).ok;

describe("one refresh per refresh token across instances (Redis), against the real IdP", () => {
  it(
    "spends the token once when both instances refresh at the same time, " +
      "and hands every request the same new tokens",
    async () => {
      const { refreshToken, sid } = await signIn();
      const before = (await refreshExchanges()).length;
      const results = await Promise.all(
        [0, 1, 0, 1, 1, 0].map((index) =>
          instances[index]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken)),
        ),
      );

      expect(new Set(results.map((tokens) => JSON.stringify(tokens))).size).toBe(1);
      const [tokens] = results as [RefreshedTokens];
      expect(tokens.refreshToken).not.toBe(refreshToken);
      expect((await refreshExchanges()).slice(before)).toEqual([expect.objectContaining({ result: "Success", sid })]);
      // Logto did not see a reuse: the grant lives, the new tokens work and the new refresh token can be spent.
      expect(await userinfoOk(tokens)).toBe(true);
      expect(await userinfoOk(await exchange(tokens.refreshToken)())).toBe(true);
    },
  );

  it("hands the result to a late request still carrying the old token, without asking the IdP again", async () => {
    const { refreshToken } = await signIn();
    const first = await instances[0]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
    const before = (await refreshExchanges()).length;
    const late = await instances[1]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
    expect(late).toEqual(first);
    expect(await refreshExchanges()).toHaveLength(before);
  });

  it("shares a refusal: the instance that waited ends its session too, without another request", async () => {
    const before = (await refreshExchanges()).length;
    const refused = await Promise.allSettled(
      instances.map((store) => store.sharedRefreshes!.refresh(client, "revoked", exchange("revoked"))),
    );
    const refusal = (result: PromiseSettledResult<RefreshedTokens>) => {
      const error = result.status === "rejected" ? (result.reason as LogtoRefreshError) : undefined;
      return error && { code: error.code, oauthError: error.oauthError };
    };
    expect(refused.map(refusal)).toEqual([
      { code: "refresh.refused", oauthError: "invalid_grant" },
      { code: "refresh.refused", oauthError: "invalid_grant" },
    ]);
    expect((await refreshExchanges()).slice(before)).toEqual([
      expect.objectContaining({ result: "Error", error: expect.objectContaining({ error: "invalid_grant" }) }),
    ]);
  });

  it(
    "keeps nothing readable in Redis: no token, no hash of one, " + "and the outcome sealed with the client secret",
    async () => {
      const { refreshToken } = await signIn();
      const tokens = await instances[0]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
      const raw = await connect();
      const keys = await raw.keys("shared:refresh:*");
      const values = await Promise.all(keys.map((key) => raw.get(key)));
      const dump = JSON.stringify({ keys, values });
      for (const secret of [refreshToken, tokens.refreshToken, tokens.accessToken]) {
        expect(dump).not.toContain(secret);
        expect(dump).not.toContain(createHash("sha256").update(secret).digest("hex"));
        expect(dump).not.toContain(createHash("sha256").update(secret).digest("base64url"));
      }
      expect(await raw.pTTL(keys.find((key) => key.includes(":result:"))!)).toBeLessThanOrEqual(30_000);
      // Another client secret derives other keys: it finds nothing to read and would refresh on its own.
      let asked = false;
      const other = await instanceWith({}).then((shared) =>
        shared.refresh({ ...client, clientSecret: "another-secret" }, refreshToken, async () => {
          asked = true;
          return tokens;
        }),
      );
      expect(asked).toBe(true);
      expect(other).toBe(tokens);
    },
  );

  it("waits out a holder that crashed with the lock, then refreshes once", async () => {
    const { refreshToken, sid } = await signIn();
    const crashed = await instanceWith({ lockTtl: 600 });
    void crashed.refresh(client, refreshToken, () => new Promise<never>(() => undefined));
    await vi.waitFor(async () => expect(await (await connect()).keys("shared:refresh:lock:*")).toHaveLength(1));
    const before = (await refreshExchanges()).length;

    // Within its 2 s of waiting, the lock expires and this instance takes it.
    const tokens = await instances[1]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
    expect(await userinfoOk(tokens)).toBe(true);
    expect((await refreshExchanges()).slice(before)).toEqual([expect.objectContaining({ result: "Success", sid })]);
  });

  it("keeps the session as it is, within about 2 s, while another instance holds the lock too long", async () => {
    const { refreshToken } = await signIn();
    const stuck = await instanceWith({});
    void stuck.refresh(client, refreshToken, () => new Promise<never>(() => undefined));
    await vi.waitFor(async () => expect(await (await connect()).keys("shared:refresh:lock:*")).not.toHaveLength(0));
    const before = (await refreshExchanges()).length;

    const started = performance.now();
    const session = { sub: "ada", createdAt: now(), accessTokenExpiresAt: now() + 30, refreshToken };
    const check = await checkLogtoSession(session, { client: logto, revocations: instances[0]! });
    expect(check).toEqual({ status: "valid" });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await refreshExchanges()).toHaveLength(before);
  });

  it("waits out a Redis slower than one command (a busy host) instead of spending the token alone", async () => {
    const { refreshToken, sid } = await signIn();
    const { holding, holderMayExchange } = await holdTheLock(refreshToken);
    const before = (await refreshExchanges()).length;

    // Redis answers this instance's first command only after 800 ms, more than one command's 500 ms.
    redis.pause();
    const waiting = instances[1]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
    await new Promise((resolve) => setTimeout(resolve, 800));
    redis.resume();
    holderMayExchange();
    const [held, waited] = await Promise.all([holding, waiting]);
    expect(waited).toEqual(held);
    expect((await refreshExchanges()).slice(before)).toEqual([expect.objectContaining({ result: "Success", sid })]);
  });

  it("never lets another instance spend the rotated token when Redis stalls as the outcome is shared", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { refreshToken, sid } = await signIn();
    const before = (await refreshExchanges()).length;
    const tokens = await instances[0]!.sharedRefreshes!.refresh(client, refreshToken, async () => {
      const exchanged = await exchange(refreshToken)();
      redis.pause(); // Redis stops answering right after Logto rotated the token: the outcome cannot be stored.
      return exchanged;
    });
    redis.resume();
    expect(await userinfoOk(tokens)).toBe(true);

    // Another instance, still with the old token, gets the same tokens (the outcome reached Redis late) or keeps its
    // session (the lock held): never a second exchange, which Logto would refuse and end the session for.
    const other = await instances[1]!
      .sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken))
      .catch((error: { code?: string }) => error.code);
    expect([tokens, "refresh.pending"]).toContainEqual(other);
    expect((await refreshExchanges()).slice(before)).toEqual([expect.objectContaining({ result: "Success", sid })]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\[auth-config\] The refresh outcome could not be shared: Redis SET result /),
    );
  });

  it("never spends a token that another instance refreshed between this instance's look-up and its lock", async () => {
    const { refreshToken, sid } = await signIn();
    const { holding, holderMayExchange } = await holdTheLock(refreshToken);
    const before = (await refreshExchanges()).length;

    // The holder finishes (outcome stored, lock released) right after the waiter's first Redis command answers.
    const waiterClient = await connect();
    let first = true;
    const interleaved = new Proxy(waiterClient, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function" || !["get", "set", "eval"].includes(String(property))) return value;
        return async (...args: unknown[]) => {
          const answer = await value.apply(target, args);
          if (first) {
            first = false;
            holderMayExchange();
            await holding;
          }
          return answer;
        };
      },
    });
    const waiter = new RedisSharedRefreshes(interleaved, "shared:refresh:");
    const waited = await waiter.refresh(client, refreshToken, exchange(refreshToken));

    expect(waited).toEqual(await holding);
    expect((await refreshExchanges()).slice(before)).toEqual([expect.objectContaining({ result: "Success", sid })]);
  });

  it("refreshes in this process alone, quickly, when Redis is down or does not answer", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (const outage of ["stopped", "frozen"] as const) {
      const { refreshToken } = await signIn();
      if (outage === "stopped") await redis.stop();
      else redis.pause();
      const started = performance.now();
      const tokens = await instances[0]!.sharedRefreshes!.refresh(client, refreshToken, exchange(refreshToken));
      // At most the 2 s a slow Redis is waited for, then the refresh request itself.
      expect(performance.now() - started, outage).toBeLessThan(3_000);
      expect(await userinfoOk(tokens)).toBe(true);
      // Said each time: two instances refreshing alone may spend one token twice.
      expect(warn).toHaveBeenLastCalledWith(
        expect.stringMatching(/^\[auth-config\] Refreshing in this process alone: /),
      );
      redis.resume();
      if (outage === "stopped") await redis.start();
    }
  });
});
