import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisRevocationStore, type RedisRevocationStoreOptions } from "../redis.js";
import { startRedisServer, type TestRedis } from "../test-support/redis-server.js";
import type { RevocationStore } from "./revocation-store.js";

const now = () => Math.floor(Date.now() / 1000);
const eventually = { timeout: 5000, interval: 10 };

let redis: TestRedis;
let raw: ReturnType<typeof createClient>;
const opened: RevocationStore[] = [];
const errors: unknown[] = [];

async function open(options: Partial<RedisRevocationStoreOptions> = {}) {
  const store = await createRedisRevocationStore({
    url: redis.url,
    keyPrefix: "test:",
    onError: (error) => errors.push(error),
    ...options,
  });
  opened.push(store);
  return store;
}

beforeAll(async () => {
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  raw.on("error", () => undefined);
  await raw.connect();
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  if (raw?.isOpen) raw.destroy();
  await redis?.stop();
});

describe("createRedisRevocationStore against a real redis-server", () => {
  let a: RevocationStore;
  let b: RevocationStore;
  beforeAll(async () => {
    a = await open();
    b = await open();
  });

  it("shows a revocation made on one instance to the other, answered from memory", async () => {
    const t = now();
    const session = { sid: "sid-1", sub: "user-1", createdAt: t - 100 };
    expect(b.isRevoked(session)).toBe(false);

    await a.revokeSession("sid-1", t + 3600);
    expect(a.isRevoked(session)).toBe(true);
    await vi.waitFor(() => expect(b.isRevoked(session)).toBe(true), eventually);

    await b.revokeSubject("user-2", t - 10, t + 3600);
    await vi.waitFor(() => expect(a.isRevoked({ sub: "user-2", createdAt: t - 10 })).toBe(true), eventually);
    expect(a.isRevoked({ sub: "user-2", createdAt: t - 9 })).toBe(false);
    expect(a.isRevoked({ sid: "sid-other", sub: "user-3", createdAt: t })).toBe(false);
  });

  it("stores revocations as keys with a TTL, which a newly started instance loads", async () => {
    const t = now();
    await a.revokeSession("sid-ttl", t + 600);
    await a.revokeSubject("user-ttl", t, t + 600);
    const ttl = await raw.ttl("test:revoked:sid:sid-ttl");
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(await raw.get("test:revoked:sub:user-ttl")).toBe(`${t} ${t + 600}`);

    const fresh = await open();
    expect(fresh.isRevoked({ sid: "sid-ttl", sub: "x", createdAt: t })).toBe(true);
    expect(fresh.isRevoked({ sub: "user-ttl", createdAt: t })).toBe(true);
  });

  it("never lowers a subject revocation when an older logout arrives last", async () => {
    const t = now();
    await a.revokeSubject("user-order", t, t + 600);
    await b.revokeSubject("user-order", t - 50, t + 600);
    expect(await raw.get("test:revoked:sub:user-order")).toBe(`${t} ${t + 600}`);
    await vi.waitFor(() => expect(b.isRevoked({ sub: "user-order", createdAt: t })).toBe(true), eventually);
  });

  it("recognises a replayed jti across instances, with SET NX EX", async () => {
    expect(await a.rememberJti("jti-1", now() + 150)).toBe(true);
    expect(await b.rememberJti("jti-1", now() + 150)).toBe(false);
    expect(await a.rememberJti("jti-1", now() + 150)).toBe(false);
    expect(await raw.ttl("test:jti:jti-1")).toBeGreaterThan(140);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).rememberJti("jti-race", now() + 150)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("keeps apps with different key prefixes apart", async () => {
    const other = await open({ keyPrefix: "other-app:" });
    await a.revokeSession("sid-prefixed", now() + 600);
    expect(await other.rememberJti("jti-prefixed", now() + 150)).toBe(true);
    expect(await a.rememberJti("jti-prefixed", now() + 150)).toBe(true);
    expect(other.isRevoked({ sid: "sid-prefixed", sub: "u", createdAt: now() })).toBe(false);
  });

  it("catches up after Redis restarts: resubscribes and sees revocations made after the reconnection", async () => {
    const before = { sid: "sid-before-restart", sub: "u", createdAt: now() };
    await a.revokeSession(before.sid, now() + 600);
    await vi.waitFor(() => expect(b.isRevoked(before)).toBe(true), eventually);

    await redis.restart();
    // Written at once, or queued while disconnected and written once reconnected.
    await a.revokeSession("sid-after-restart", now() + 600);
    const after = { sid: "sid-after-restart", sub: "u", createdAt: now() };
    await vi.waitFor(() => expect(b.isRevoked(after)).toBe(true), { timeout: 10_000, interval: 10 });
    // What each instance knew before the restart (Redis lost it: no persistence) is still in memory.
    expect(b.isRevoked(before)).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("says where it could not connect", async () => {
    await expect(
      createRedisRevocationStore({ url: "redis://:secret@127.0.0.1:1", connectRetries: 1, onError: () => undefined }),
    ).rejects.toMatchObject({
      code: "store.unreachable",
      message: expect.stringMatching(/Could not connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*Check the URL/),
    });
  });
});
