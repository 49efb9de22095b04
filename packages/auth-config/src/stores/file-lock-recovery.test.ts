import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { killStoreProcesses, startStoreProcess } from "../test-support/store-child.js";
import { createFileRevocationStore } from "./file-store.js";
import type { RevocationStore } from "./revocation-store.js";

const now = () => Math.floor(Date.now() / 1000);
/** Logto gives a back-channel delivery 2.5 s; the store's share of it. */
const LOGOUT_BUDGET_MS = 2_000;

let dir: string;
let path: string;
const opened: RevocationStore[] = [];

async function open() {
  const store = await createFileRevocationStore({ path, pollIntervalMs: 60_000, onError: () => undefined });
  opened.push(store);
  return store;
}

/** How long the first logout takes, and that it was kept: another store opened on the file finds it. */
async function firstLogout(sid: string): Promise<number> {
  const store = await open();
  const started = performance.now();
  await store.revokeSession(sid, now() + 600);
  const ms = performance.now() - started;
  const reader = await open();
  expect(reader.isRevoked({ sid, sub: "u", createdAt: now() })).toBe(true);
  return ms;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-config-lock-"));
  path = join(dir, "revocations.json");
});
afterEach(async () => {
  await killStoreProcesses();
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("the file store's lock, left behind", { timeout: 15_000 }, () => {
  it("by a writer killed while holding it (kill -9): the next logout takes it over at once", async () => {
    const writer = await startStoreProcess({});
    expect((await writer.call({ op: "holdLock", lockPath: `${path}.lock` })).value).toBe("locked");
    await writer.kill("SIGKILL");

    const ms = await firstLogout("sid-after-crash");
    expect(ms).toBeLessThan(300);
  });

  it("by a holder that is alive but stuck (SIGSTOP): waited for no longer than the bound, then taken over", async () => {
    const holder = await startStoreProcess({});
    expect((await holder.call({ op: "holdLock", lockPath: `${path}.lock` })).value).toBe("locked");
    await holder.kill("SIGSTOP");

    const ms = await firstLogout("sid-past-stuck-holder");
    // A live holder's fresh lock is respected for a while (it may be writing), never past Logto's timeout.
    expect(ms).toBeGreaterThan(500);
    expect(ms).toBeLessThan(LOGOUT_BUDGET_MS);
  });

  it("by this process's previous run (same PID, as after a container restart), with half-written files: the first logout after the restart is fast", async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(
      path,
      JSON.stringify({ version: 1, sessions: { "sid-before": now() + 600 }, subjects: {}, jtis: {} }),
    );
    // The lock as the previous run of this very PID left it, in the old format (a bare PID) and in the new one.
    await writeFile(`${path}.lock`, `${process.pid}\n`);
    // A temporary file the previous run was writing when it died.
    const torn = `${path}.${randomUUID()}.tmp`;
    await writeFile(torn, '{"version":1,"sessi');
    await utimes(torn, now() - 30, now() - 30);

    const ms = await firstLogout("sid-after-restart");
    expect(ms).toBeLessThan(300);
    const reader = await open();
    expect(reader.isRevoked({ sid: "sid-before", sub: "u", createdAt: now() })).toBe(true);

    const previousRun = {
      pid: process.pid,
      host: hostname(),
      process: randomUUID(),
      lease: randomUUID(),
      at: Date.now(),
    };
    await writeFile(`${path}.lock`, JSON.stringify(previousRun));
    expect(await firstLogout("sid-after-second-restart")).toBeLessThan(300);
    expect((await readdir(dir)).sort()).toEqual(["revocations.json"]);
  });
});
