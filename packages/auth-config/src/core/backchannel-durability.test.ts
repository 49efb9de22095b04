import { execFile } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { createRedisRevocationStore } from "../redis.js";
import type { RevocationStore } from "../stores/revocation-store.js";
import { startTestIssuer, type TestIssuer } from "../test-support/logout.js";
import { startRedisServer, type TestRedis } from "../test-support/redis-server.js";
import { handleBackchannelLogout } from "./backchannel.js";

const now = () => Math.floor(Date.now() / 1000);
const reconnected = { timeout: 15_000, interval: 20 };

let issuer: TestIssuer;
let logto: LogtoClient;
let redis: TestRedis;
let raw: ReturnType<typeof createClient>;
let dir: string;
const opened: RevocationStore[] = [];

async function openStore(journalPath: string): Promise<RevocationStore> {
  const store = await createRedisRevocationStore({
    url: redis.url,
    keyPrefix: "durable:",
    journalPath,
    whenUnreachable: "start-offline",
    connectRetries: 1,
    onError: () => undefined,
  });
  opened.push(store);
  return store;
}

/** Delivers a logout token for `sid`; how long the handler took, and what it answered or threw. */
async function deliver(store: RevocationStore, sid: string) {
  const body = new URLSearchParams({ logout_token: await issuer.sign({ claims: { sid, sub: "user-1" } }) });
  const request = new Request("http://localhost/api/auth/backchannel-logout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  const started = performance.now();
  const outcome = await handleBackchannelLogout(request, { client: logto, store }).then(
    (response) => ({ status: response.status, error: undefined }),
    (error: unknown) => ({ status: undefined, error }),
  );
  return { ...outcome, ms: performance.now() - started };
}

async function stopRedis(): Promise<void> {
  await redis.stop();
  await vi.waitFor(() => expect(raw.isReady).toBe(false), reconnected);
}

beforeAll(async () => {
  issuer = await startTestIssuer("app");
  logto = new LogtoClient({ issuer: issuer.issuer, clientId: issuer.clientId, clientSecret: "app-secret" });
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  raw.on("error", () => undefined);
  await raw.connect();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-config-durable-"));
});
afterEach(async () => {
  redis.resume();
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
  if (!raw.isReady) await redis.start();
  await vi.waitFor(() => expect(raw.isReady).toBe(true), reconnected);
});
afterAll(async () => {
  if (raw?.isOpen) raw.destroy();
  await redis?.stop();
  await issuer?.stop();
});

describe("handleBackchannelLogout answers 200 only for a logout a restart would find", { timeout: 30_000 }, () => {
  it("with Redis down: 200 once the logout is in the journal, where a store opened afterwards finds it", async () => {
    const journalPath = join(dir, "journal.jsonl");
    const receiving = await openStore(journalPath);
    await stopRedis();

    const delivered = await deliver(receiving, "sid-journaled");
    expect(delivered).toMatchObject({ status: 200 });
    expect(delivered.ms).toBeLessThan(2_500);
    const restarted = await openStore(journalPath);
    expect(restarted.isRevoked({ sid: "sid-journaled", sub: "user-1", createdAt: now() })).toBe(true);
  });

  it("never 200 when the logout can be kept neither in Redis nor in the journal (the framework answers 500)", async () => {
    await writeFile(join(dir, "a-file"), "");
    const store = await openStore(join(dir, "a-file", "journal.jsonl"));
    await stopRedis();

    const delivered = await deliver(store, "sid-nowhere");
    expect(delivered.status).toBeUndefined();
    expect(delivered.error).toMatchObject({ code: "store.not_durable" });
  });

  it("gives up, unacknowledged, 2 s after the request when the store hangs (Redis frozen, journal on a disk that does not answer)", async () => {
    // A named pipe nobody reads: opening it to append blocks, as a write to a hung network disk does.
    const journalPath = join(dir, "hung-journal");
    const store = await openStore(journalPath);
    await promisify(execFile)("mkfifo", [journalPath]);
    redis.pause();

    const delivered = await deliver(store, "sid-hung");
    expect(delivered.status).toBeUndefined();
    expect(delivered.error).toMatchObject({ code: "store.timeout" });
    expect(delivered.ms).toBeGreaterThan(1_900);
    expect(delivered.ms).toBeLessThan(2_300);

    // Lets the blocked append through (it then fails: a pipe cannot be flushed).
    const reader = await open(journalPath, "r");
    await reader.close();
  });
});
