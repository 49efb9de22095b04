import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createAdapterFactory, JsonStore } from "./store.js";
import { tempDir } from "./test-support.js";
import { silentLogger } from "./testing/test-idp.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openStore() {
  const tmp = await tempDir();
  cleanups.push(tmp.cleanup);
  const file = path.join(tmp.dir, "store.json");
  return { file, dir: tmp.dir, store: await JsonStore.open(file, silentLogger) };
}

describe("oidc-provider adapter over the JSON store", () => {
  it("honours expiresIn, consume, findByUid and revokeByGrantId", async () => {
    const { store } = await openStore();
    const adapter = createAdapterFactory(store);
    const sessions = adapter("Session");
    const codes = adapter("AuthorizationCode");
    const refresh = adapter("RefreshToken");

    await sessions.upsert("s1", { uid: "u1", accountId: "acc" }, 60);
    expect(await sessions.findByUid("u1")).toMatchObject({ accountId: "acc" });

    await codes.upsert("c1", { grantId: "g1" }, 60);
    await codes.consume("c1");
    expect((await codes.find("c1"))?.consumed).toBeTypeOf("number");

    await refresh.upsert("r1", { grantId: "g1" }, 60);
    await refresh.upsert("r2", { grantId: "g2" }, 60);
    await refresh.revokeByGrantId("g1");
    expect(await codes.find("c1")).toBeUndefined();
    expect(await refresh.find("r1")).toBeUndefined();
    expect(await refresh.find("r2")).toBeDefined();

    await codes.upsert("short", { grantId: "g3" }, 0.05);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await codes.find("short")).toBeUndefined();

    await sessions.destroy("s1");
    expect(await sessions.findByUid("u1")).toBeUndefined();
    await store.close();
  });

  it("returns copies, so callers cannot mutate stored payloads", async () => {
    const { store } = await openStore();
    const grants = createAdapterFactory(store)("Grant");
    await grants.upsert("g", { accountId: "a" }, 60);
    const found = await grants.find("g");
    if (found) found.accountId = "changed";
    expect((await grants.find("g"))?.accountId).toBe("a");
    await store.close();
  });

  it("persists with atomic writes and restores indexes on reopen", async () => {
    const { store, file, dir } = await openStore();
    const adapter = createAdapterFactory(store);
    await adapter("Session").upsert("s1", { uid: "u1", accountId: "acc" }, 3600);
    await adapter("AccessToken").upsert("a1", { grantId: "g1" }, 3600);
    await adapter("Interaction").upsert("gone", { uid: "x" }, 0.01);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await store.close();

    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const onDisk = JSON.parse(await readFile(file, "utf8")) as { namespaces: { oidc: Record<string, unknown> } };
    expect(Object.keys(onDisk.namespaces.oidc).sort()).toEqual(["AccessToken:a1", "Session:s1"]);

    const reopened = await JsonStore.open(file, silentLogger);
    const again = createAdapterFactory(reopened);
    expect(await again("Session").findByUid("u1")).toMatchObject({ accountId: "acc" });
    await again("AccessToken").revokeByGrantId("g1");
    expect(await again("AccessToken").find("a1")).toBeUndefined();
    await reopened.close();
  });
});
