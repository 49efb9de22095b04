import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createRedisRevocationStore } from "../redis.js";
import { startRedisServer, type TestRedis } from "../test-support/redis-server.js";
import { killStoreProcesses, startStoreProcess } from "../test-support/store-child.js";
import type { RevocationStore } from "./revocation-store.js";

const now = () => Math.floor(Date.now() / 1000);
const reconnected = { timeout: 15_000, interval: 20 };

let redis: TestRedis;
let raw: ReturnType<typeof createClient>;
let dir: string;
let journalPath: string;
const opened: RevocationStore[] = [];

/** The journal's entries (one JSON object a line), or none when it is gone. */
async function journalEntries(): Promise<string[]> {
  const text = await readFile(journalPath, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.trim() !== "");
}

beforeAll(async () => {
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  raw.on("error", () => undefined);
  await raw.connect();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-config-journal-"));
  journalPath = join(dir, ".data", "redis-journal.jsonl");
});
afterEach(async () => {
  await killStoreProcesses();
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
  if (!raw.isReady) await redis.start();
  await vi.waitFor(() => expect(raw.isReady).toBe(true), reconnected);
});
afterAll(async () => {
  if (raw?.isOpen) raw.destroy();
  await redis?.stop();
});

describe("the Redis store's journal of logouts Redis has not taken yet", { timeout: 30_000 }, () => {
  it("keeps a logout received while Redis is down across a kill -9 and a restart still without Redis, then writes it to Redis", async () => {
    const options = { url: redis.url, keyPrefix: "journal:", journalPath, whenUnreachable: "start-offline" };
    const session = { sid: "sid-kept", sub: "user-kept", createdAt: now() - 10 };
    const receiving = await startStoreProcess({ redis: options });
    await redis.stop();
    await vi.waitFor(() => expect(raw.isReady).toBe(false), reconnected);

    // What the back-channel endpoint awaits before it answers 200.
    expect((await receiving.call({ op: "revokeSession", sid: session.sid, expiresAt: now() + 600 })).error).toBe(
      undefined,
    );
    await receiving.kill("SIGKILL");

    const restarted = await startStoreProcess({ redis: { ...options, connectRetries: 1 } });
    expect(await restarted.call({ op: "isRevoked", session })).toMatchObject({ value: true });

    await redis.start();
    await vi.waitFor(async () => expect(await raw.get("journal:revoked:sid:sid-kept")).toMatch(/^0 \d+$/), reconnected);
    // Once Redis has it, the journal lets it go.
    await vi.waitFor(async () => expect(await journalEntries()).toEqual([]), reconnected);
    expect(await restarted.call({ op: "isRevoked", session: { ...session, sid: "sid-other" } })).toMatchObject({
      value: false,
    });
  });

  it("skips a torn last line (a write cut short by a crash) and starts with the entries before it", async () => {
    await redis.stop();
    await vi.waitFor(() => expect(raw.isReady).toBe(false), reconnected);
    const first = await open();
    await first.revokeSession("sid-whole", now() + 600);
    await first.close();
    await appendFile(journalPath, '{"kind":"sid","id":"sid-to');

    const store = await open();
    expect(store.isRevoked({ sid: "sid-whole", sub: "u", createdAt: now() })).toBe(true);
    await store.revokeSession("sid-after-tear", now() + 600);

    await redis.start();
    await vi.waitFor(async () => expect(await raw.exists("journal:revoked:sid:sid-after-tear")).toBe(1), reconnected);
    expect(await raw.exists("journal:revoked:sid:sid-whole")).toBe(1);
    await vi.waitFor(async () => expect(await journalEntries()).toEqual([]), reconnected);
  });

  it("refuses (store.not_durable) a logout it can neither write to Redis nor to its journal", async () => {
    await writeFile(join(dir, "not-a-directory"), "");
    journalPath = join(dir, "not-a-directory", "redis-journal.jsonl");
    await redis.stop();
    await vi.waitFor(() => expect(raw.isReady).toBe(false), reconnected);
    const store = await open();
    await expect(store.revokeSession("sid-nowhere", now() + 600)).rejects.toMatchObject({ code: "store.not_durable" });
  });

  it("writes nothing to the journal while Redis takes the writes", async () => {
    const store = await open();
    await store.revokeSession("sid-online", now() + 600);
    expect(await raw.exists("journal:revoked:sid:sid-online")).toBe(1);
    await expect(readFile(journalPath)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

async function open(): Promise<RevocationStore> {
  const store = await createRedisRevocationStore({
    url: redis.url,
    keyPrefix: "journal:",
    journalPath,
    whenUnreachable: "start-offline",
    connectRetries: 1,
    onError: () => undefined,
  });
  opened.push(store);
  return store;
}
