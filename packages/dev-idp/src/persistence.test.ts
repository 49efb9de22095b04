import { readFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_A, APP_B, authorizationRequest, exchangeCode, tempDir, verifyIdToken } from "./test-support.js";
import { startTestIdp } from "./testing/test-idp.js";
import { CookieJar, signInThroughStandIn } from "./testing.js";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const tmp = await tempDir();
  dir = tmp.dir;
  cleanup = tmp.cleanup;
});

afterAll(async () => {
  await cleanup?.();
});

async function kid(issuer: string): Promise<unknown> {
  const { keys } = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return keys[0]?.kid;
}

describe("persistence across restarts", () => {
  it("keeps users, IdP sessions, grants and the signing key", async () => {
    const jar = new CookieJar();
    const first = await startTestIdp([APP_A, APP_B], { dataDir: dir });
    let sub: unknown;
    let firstKid: unknown;
    let port: number;
    try {
      port = first.port;
      firstKid = await kid(first.issuer);
      const request = authorizationRequest(first, APP_A, { direct_sign_in: "social:huggingface" });
      const { callbackUrl } = await signInThroughStandIn(request.url, { cookieJar: jar, account: "grace" });
      sub = (await verifyIdToken(first, APP_A, (await exchangeCode(first, APP_A, callbackUrl, request)).id_token ?? ""))
        .sub;
    } finally {
      await first.close();
    }

    // Everything was flushed to disk on close.
    const stored = JSON.parse(await readFile(path.join(dir, "store.json"), "utf8")) as {
      namespaces: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(stored.namespaces.accounts ?? {})).toContain(sub);
    expect(Object.keys(stored.namespaces.oidc ?? {}).some((k) => k.startsWith("Session:"))).toBe(true);

    const second = await startTestIdp([APP_A, APP_B], { dataDir: dir, port });
    try {
      expect(await kid(second.issuer)).toBe(firstKid);

      // Same browser, no click: prompt=none returns a code for the app that has a grant…
      const silent = authorizationRequest(second, APP_A, { prompt: "none" });
      const { callbackUrl } = await signInThroughStandIn(silent.url, { cookieJar: jar, account: "none" });
      expect(callbackUrl.searchParams.get("error")).toBeNull();
      const claims = await verifyIdToken(
        second,
        APP_A,
        (await exchangeCode(second, APP_A, callbackUrl, silent)).id_token ?? "",
      );
      expect(claims.sub).toBe(sub);
      expect(claims.name).toBe("Grace Hopper");

      // …and another app still signs in through the restored session without Hugging Face.
      const other = authorizationRequest(second, APP_B);
      const viaSso = await signInThroughStandIn(other.url, { cookieJar: jar, account: "none" });
      expect(viaSso.callbackUrl.searchParams.get("code")).toBeTruthy();
    } finally {
      await second.close();
    }
  });

  it("links a returning Hugging Face user to the same account", async () => {
    const idp = await startTestIdp([APP_A, APP_B], { dataDir: dir });
    try {
      const subs: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        const request = authorizationRequest(idp, APP_B);
        const { callbackUrl } = await signInThroughStandIn(request.url, { account: "ada" }); // fresh browser each time
        subs.push(
          (await verifyIdToken(idp, APP_B, (await exchangeCode(idp, APP_B, callbackUrl, request)).id_token ?? "")).sub,
        );
      }
      expect(subs[0]).toBe(subs[1]);
    } finally {
      await idp.close();
    }
  });
});
