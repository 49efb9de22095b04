import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFileRevocationStore } from "./file-store.js";
import type { RevocationStore } from "./revocation-store.js";

const now = () => Math.floor(Date.now() / 1000);

let dir: string;
let path: string;
const opened: RevocationStore[] = [];

async function open(file = path) {
  // A long poll interval: changes by another instance must arrive through fs.watch.
  const store = await createFileRevocationStore({
    path: file,
    pollIntervalMs: 60_000,
    onError: (error) => expect.fail(String(error)),
  });
  opened.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-config-revocations-"));
  path = join(dir, "nested", "revocations.json");
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("createFileRevocationStore", () => {
  it("keeps a folder it creates out of git, and leaves an existing folder as it is", async () => {
    await open();
    expect(await readFile(join(dir, "nested", ".gitignore"), "utf8")).toMatch(/^\*$/m);
    await open(join(dir, "revocations.json"));
    await expect(readFile(join(dir, ".gitignore"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("revokes by sid, and by sub the sessions created up to the given time", async () => {
    const store = await open();
    const t = now();
    await store.revokeSession("sid-1", t + 3600);
    await store.revokeSubject("user-2", t - 10, t + 3600);

    expect(store.isRevoked({ sid: "sid-1", sub: "user-1", createdAt: t - 100 })).toBe(true);
    expect(store.isRevoked({ sid: "sid-other", sub: "user-1", createdAt: t - 100 })).toBe(false);
    expect(store.isRevoked({ sub: "user-1", createdAt: t - 100 })).toBe(false);
    expect(store.isRevoked({ sid: "sid-x", sub: "user-2", createdAt: t - 10 })).toBe(true);
    expect(store.isRevoked({ sub: "user-2", createdAt: t - 9 })).toBe(false);
  });

  it("keeps revocations across a restart, in a file written atomically", async () => {
    const first = await open();
    await first.revokeSession("sid-1", now() + 3600);
    await first.close();

    const contents = JSON.parse(await readFile(path, "utf8")) as { version: number; sessions: Record<string, number> };
    expect(contents.version).toBe(1);
    expect(Object.keys(contents.sessions)).toEqual(["sid-1"]);

    const second = await open();
    expect(second.isRevoked({ sid: "sid-1", sub: "u", createdAt: now() })).toBe(true);
  });

  it("shows one instance's revocations promptly to another instance on the same file", async () => {
    const a = await open();
    const b = await open();
    const session = { sid: "sid-shared", sub: "u", createdAt: now() };
    // A plain boolean, not a promise: answered from memory, no I/O per request.
    expect(b.isRevoked(session)).toBe(false);

    await a.revokeSession("sid-shared", now() + 3600);
    await vi.waitFor(() => expect(b.isRevoked(session)).toBe(true), { timeout: 3000, interval: 10 });

    await b.revokeSubject("user-9", now(), now() + 3600);
    await vi.waitFor(() => expect(a.isRevoked({ sub: "user-9", createdAt: now() - 1 })).toBe(true), {
      timeout: 3000,
      interval: 10,
    });
    // Neither write lost the other's revocation.
    expect(a.isRevoked(session)).toBe(true);
    const contents = JSON.parse(await readFile(path, "utf8")) as { sessions: object; subjects: object };
    expect(Object.keys(contents.sessions)).toEqual(["sid-shared"]);
    expect(Object.keys(contents.subjects)).toEqual(["user-9"]);
  });

  it("drops revocations once they expire, from memory and from the file", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = await open();
    const t = now();
    await store.revokeSession("sid-short", t + 60);
    await store.revokeSession("sid-long", t + 3600);
    expect(store.isRevoked({ sid: "sid-short", sub: "u", createdAt: t })).toBe(true);

    vi.setSystemTime((t + 61) * 1000);
    expect(store.isRevoked({ sid: "sid-short", sub: "u", createdAt: t })).toBe(false);
    expect(store.isRevoked({ sid: "sid-long", sub: "u", createdAt: t })).toBe(true);
    await store.rememberJti("any", t + 200);
    const contents = JSON.parse(await readFile(path, "utf8")) as { sessions: object };
    expect(Object.keys(contents.sessions)).toEqual(["sid-long"]);

    // Already expired when recorded: nothing to keep.
    await store.revokeSession("sid-past", t);
    expect(store.isRevoked({ sid: "sid-past", sub: "u", createdAt: t - 100 })).toBe(false);
  });

  it("leaves out what expired while it was stopped, at start-up, and drops it from the file at the next write", async () => {
    const t = now();
    const stale = { old: t - 1, live: t + 3600 };
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify({ version: 1, sessions: stale, subjects: {}, jtis: { j: t - 1 } }));
    const store = await open();
    expect(store.isRevoked({ sid: "old", sub: "u", createdAt: t - 100 })).toBe(false);
    expect(store.isRevoked({ sid: "live", sub: "u", createdAt: t - 100 })).toBe(true);
    await store.revokeSession("new", t + 3600);
    const contents = JSON.parse(await readFile(path, "utf8")) as { sessions: object; jtis: object };
    expect(Object.keys(contents.sessions).sort()).toEqual(["live", "new"]);
    expect(contents.jtis).toEqual({});
  });

  it("recognises a replayed jti, also across instances and concurrent writers", async () => {
    const a = await open();
    const b = await open();
    expect(await a.rememberJti("jti-1", now() + 150)).toBe(true);
    expect(await a.rememberJti("jti-1", now() + 150)).toBe(false);
    expect(await b.rememberJti("jti-1", now() + 150)).toBe(false);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).rememberJti("jti-race", now() + 150)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("remembers a jti again once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = await open();
    const t = now();
    expect(await store.rememberJti("jti-2", t + 150)).toBe(true);
    vi.setSystemTime((t + 151) * 1000);
    expect(await store.rememberJti("jti-2", t + 300)).toBe(true);
  });

  it("refuses arguments that would silently never match", async () => {
    const store = await open();
    const invalid = (message: RegExp) =>
      expect.objectContaining({ code: "argument.invalid", message: expect.stringMatching(message) });
    expect(() => store.isRevoked({ sub: "u", createdAt: Date.now() })).toThrow(
      invalid(/seconds since the epoch.*divide by 1000/),
    );
    await expect(store.revokeSession("", now() + 10)).rejects.toThrow(invalid(/sid must be a non-empty string/));
    await expect(store.revokeSubject("u", now(), Date.now())).rejects.toThrow(
      invalid(/expiresAt must be a time in seconds/),
    );
  });

  it("refuses to start on a file that is not a revocation file, naming it", async () => {
    const file = join(dir, "other.json");
    await writeFile(file, "not json");
    await expect(open(file)).rejects.toMatchObject({
      code: "store.invalid_file",
      message: expect.stringContaining(`${file} is not valid JSON`),
    });
    await writeFile(file, JSON.stringify({ some: "config" }));
    await expect(open(file)).rejects.toMatchObject({
      code: "store.invalid_file",
      message: expect.stringMatching(/is not a revocation file/),
    });
  });
});
