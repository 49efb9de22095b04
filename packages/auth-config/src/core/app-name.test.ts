import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkAppName, claimAppName } from "./app-name.js";

describe("checkAppName", () => {
  it.each(["web", "shop-2", "a", "0app"])("accepts %s", (name) => expect(() => checkAppName(name)).not.toThrow());

  it.each(["", "Web", "a b", "-web", "web_app", "x".repeat(33), "web;", "__Host-web"])("refuses %j", (name) => {
    expect(() => checkAppName(name)).toThrow(/Invalid Logto app name .*lowercase letters/);
  });
});

describe("claimAppName", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });

  function registry(): string {
    return mkdtempSync(join(tmpdir(), "app-name-test-"));
  }

  /** A claim of `shop` on localhost by a process that is running (or has ended). */
  async function claimedByAnother(dir: string, origin: string, running: boolean): Promise<number> {
    const child = spawn(process.execPath, ["-e", running ? "setInterval(() => {}, 1000)" : ""], { stdio: "ignore" });
    children.push(child);
    const pid = child.pid ?? 0;
    if (!running) await new Promise((resolve) => child.once("exit", resolve));
    writeFileSync(join(dir, "localhost--shop.json"), JSON.stringify({ origin, pid }));
    return pid;
  }

  it("stops a second app of the same name at another port of the same host, naming both", async () => {
    const dir = registry();
    const pid = await claimedByAnother(dir, "http://localhost:3001", true);
    expect(() => claimAppName("shop", "http://localhost:3000", dir)).toThrow(
      new RegExp(
        `named "shop" is running at http://localhost:3001 \\(process ${pid}\\).*this app \\(localhost:3000\\)`,
      ),
    );
  });

  it("lets instances of one app (same origin) share the name", async () => {
    const dir = registry();
    await claimedByAnother(dir, "http://localhost:3000", true);
    expect(() => claimAppName("shop", "http://localhost:3000", dir)).not.toThrow();
  });

  it("takes over the claim of a process that has ended", async () => {
    const dir = registry();
    await claimedByAnother(dir, "http://localhost:3001", false);
    claimAppName("shop", "http://localhost:3000", dir);
    const claim = JSON.parse(readFileSync(join(dir, "localhost--shop.json"), "utf8"));
    expect(claim).toEqual({ origin: "http://localhost:3000", pid: process.pid });
  });

  it("keeps https and http apart (`__Host-` names), and other hosts out of it", async () => {
    const dir = registry();
    await claimedByAnother(dir, "http://localhost:3001", true);
    expect(() => claimAppName("__Host-shop", "https://localhost:3443", dir)).not.toThrow();
    expect(() => claimAppName("shop", "http://127.0.0.1:3000", dir)).not.toThrow();
    expect(() => claimAppName("shop", "https://shop.example", dir)).not.toThrow();
  });
});
