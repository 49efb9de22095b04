import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisRevocationStore, type RedisRevocationStoreOptions } from "../redis.js";
import { startRedisServer, type TestRedis } from "../test-support/redis-server.js";
import type { RevocationStore } from "./revocation-store.js";

const now = () => Math.floor(Date.now() / 1000);
const reconnected = { timeout: 15_000, interval: 20 };

let redis: TestRedis;
let raw: ReturnType<typeof createClient>;
/** The stores' journal, of this test file's own: an earlier run's leftovers would be logouts this run never made. */
let journalDir: string;
const opened: RevocationStore[] = [];

async function open(options: Partial<RedisRevocationStoreOptions> = {}) {
  const store = await createRedisRevocationStore({
    url: redis.url,
    keyPrefix: "outage:",
    journalPath: join(journalDir, "redis-journal.jsonl"),
    onError: () => undefined,
    ...options,
  });
  opened.push(store);
  return store;
}

/** How long `action` took, in milliseconds, and what it resolved to. */
async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await action();
  return { ms: performance.now() - started, value };
}

/** Waits until a client connected like the stores noticed that Redis stopped. */
async function untilDown(): Promise<void> {
  await vi.waitFor(() => expect(raw.isReady).toBe(false), reconnected);
}

beforeAll(async () => {
  journalDir = await mkdtemp(join(tmpdir(), "auth-config-outage-"));
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  raw.on("error", () => undefined);
  await raw.connect();
});
afterEach(async () => {
  redis.resume();
  if (!raw.isReady) await redis.start();
  await vi.waitFor(() => expect(raw.isReady).toBe(true), reconnected);
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  if (raw?.isOpen) raw.destroy();
  await redis?.stop();
  await rm(journalDir, { recursive: true, force: true });
});

describe("the Redis store while Redis is down", () => {
  it(
    "applies a logout at once where it was received, " + "and publishes it to the other instances once Redis is back",
    async () => {
      const a = await open();
      const b = await open();
      const session = { sid: "sid-outage", sub: "user-outage", createdAt: now() - 10 };
      await redis.stop();
      await untilDown();

      const write = await timed(async () => {
        expect(await a.rememberJti("jti-outage", now() + 150)).toBe(true);
        await a.revokeSession(session.sid, now() + 600);
        await a.revokeSubject("user-outage-2", now(), now() + 600);
      });
      expect(write.ms).toBeLessThan(1_000);
      expect(a.isRevoked(session)).toBe(true);
      expect(a.isRevoked({ sub: "user-outage-2", createdAt: now() - 1 })).toBe(true);
      // The receiving instance refuses a replay of the token it accepted, though Redis cannot say.
      expect(await a.rememberJti("jti-outage", now() + 150)).toBe(false);
      // Nothing reaches the other instance meanwhile, and its reads answer from memory, at once.
      expect(b.isRevoked(session)).toBe(false);

      // Redis comes back empty (no persistence): the queue is written and published, no restart needed.
      await redis.start();
      await vi.waitFor(() => expect(b.isRevoked(session)).toBe(true), reconnected);
      await vi.waitFor(
        () => expect(b.isRevoked({ sub: "user-outage-2", createdAt: now() - 1 })).toBe(true),
        reconnected,
      );
      expect(await raw.get("outage:revoked:sid:sid-outage")).toMatch(/^0 \d+$/);
      expect(await raw.ttl("outage:jti:jti-outage")).toBeGreaterThan(100);
    },
  );

  it("does not wait on a Redis that accepts connections but does not answer", async () => {
    const a = await open();
    redis.pause();
    const write = await timed(async () => {
      expect(await a.rememberJti("jti-frozen", now() + 150)).toBe(true);
      await a.revokeSession("sid-frozen", now() + 600);
    });
    // Two writes, each given up after 750 ms: a logout is still answered within Logto's 2.5 s.
    expect(write.ms).toBeLessThan(2_400);
    expect(a.isRevoked({ sid: "sid-frozen", sub: "u", createdAt: now() })).toBe(true);

    redis.resume();
    await vi.waitFor(
      async () => expect(await raw.get("outage:revoked:sid:sid-frozen")).toMatch(/^0 \d+$/),
      reconnected,
    );
  });

  it(
    "started while Redis is down (start-offline): queues logouts, " +
      "refuses to answer for revocations it never read, catches up",
    async () => {
      const before = await open();
      await before.revokeSession("sid-from-before", now() + 600);
      await redis.stop();
      await untilDown();

      const late = await timed(() => open({ whenUnreachable: "start-offline", connectRetries: 1 }));
      expect(late.ms).toBeLessThan(2_000);
      const store = late.value;
      expect(() => store.isRevoked({ sid: "sid-from-before", sub: "u", createdAt: now() })).toThrow(
        /has not reached Redis/,
      );
      expect(() => store.isRevoked({ sid: "sid-from-before", sub: "u", createdAt: now() })).toThrow(
        expect.objectContaining({ code: "store.not_loaded" }),
      );
      expect(await store.rememberJti("jti-offline", now() + 150)).toBe(true);
      await store.revokeSession("sid-offline", now() + 600);

      await redis.start();
      // Redis came back empty: the first instance's revocation lives on in its memory only; the queued one is written.
      await vi.waitFor(
        () => expect(store.isRevoked({ sid: "sid-offline", sub: "u", createdAt: now() })).toBe(true),
        reconnected,
      );
      await vi.waitFor(
        () => expect(before.isRevoked({ sid: "sid-offline", sub: "u", createdAt: now() })).toBe(true),
        reconnected,
      );
      expect(await raw.exists("outage:jti:jti-offline")).toBe(1);
    },
  );

  it("without start-offline, still refuses to start when Redis cannot be reached", async () => {
    await redis.stop();
    await expect(open({ connectRetries: 1 })).rejects.toMatchObject({
      code: "store.unreachable",
      message: expect.stringMatching(/Could not connect to Redis/),
    });
  });
});
