import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestIdp } from "@logto-hf/dev-idp/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { createFileRevocationStore } from "../stores/file-store.js";
import type { RevocationStore } from "../stores/revocation-store.js";
import {
  endIdpSession,
  signInWithIdp,
  startReceiver,
  startTestIssuer,
  type TestIssuer,
  type TokenOverrides,
} from "../test-support/logout.js";
import { handleBackchannelLogout } from "./backchannel.js";

const now = () => Math.floor(Date.now() / 1000);

let issuer: TestIssuer;
/** The app's client of the test issuer. */
let logto: LogtoClient;
let dir: string;
let storePath: string;
let store: RevocationStore;

beforeAll(async () => {
  issuer = await startTestIssuer("app");
  logto = new LogtoClient({ issuer: issuer.issuer, clientId: issuer.clientId, clientSecret: "app-secret" });
});
afterAll(() => issuer.stop());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-config-backchannel-"));
  storePath = join(dir, "revocations.json");
  store = await createFileRevocationStore({ path: storePath });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (body: string, contentType = "application/x-www-form-urlencoded") =>
  new Request("http://localhost/api/auth/backchannel-logout", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });

const handle = (request: Request) => handleBackchannelLogout(request, { client: logto, store });

async function deliver(overrides?: TokenOverrides) {
  return handle(post(new URLSearchParams({ logout_token: await issuer.sign(overrides) }).toString()));
}

/** The store file's contents, or undefined when nothing was ever written. */
const storeFile = () => readFile(storePath, "utf8").catch(() => undefined);

async function expectRefused(response: Response, description: RegExp, status = 400) {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe("invalid_request");
  expect(body.error_description).toMatch(description);
}

describe("handleBackchannelLogout", () => {
  it("revokes the session named by sid and answers 200 no-store", async () => {
    const response = await deliver({ claims: { sid: "sid-1", sub: "user-1" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(store.isRevoked({ sid: "sid-1", sub: "user-1", createdAt: now() })).toBe(true);
    // By sid only: the user's other sessions stay.
    expect(store.isRevoked({ sid: "sid-2", sub: "user-1", createdAt: now() - 10 })).toBe(false);
  });

  it("without sid, revokes every session of sub created up to the token's iat", async () => {
    const iat = now() - 5;
    const response = await deliver({ claims: { sid: undefined, sub: "user-7", iat } });
    expect(response.status).toBe(200);
    expect(store.isRevoked({ sid: "any", sub: "user-7", createdAt: iat })).toBe(true);
    expect(store.isRevoked({ sub: "user-7", createdAt: iat + 1 })).toBe(false);
  });

  it("keeps the revocation for revocationTtlSeconds", async () => {
    const response = await handleBackchannelLogout(
      post(new URLSearchParams({ logout_token: await issuer.sign({ claims: { sid: "sid-ttl" } }) }).toString()),
      { client: logto, store, revocationTtlSeconds: 3600 },
    );
    expect(response.status).toBe(200);
    const saved = JSON.parse((await storeFile())!) as { sessions: Record<string, number> };
    expect(saved.sessions["sid-ttl"]).toBeGreaterThanOrEqual(now() + 3599);
    expect(saved.sessions["sid-ttl"]).toBeLessThanOrEqual(now() + 3600);
  });

  it("refuses a replayed token without revoking anything more", async () => {
    const token = await issuer.sign({ claims: { sid: "sid-replay" } });
    const body = new URLSearchParams({ logout_token: token }).toString();
    expect((await handle(post(body))).status).toBe(200);
    const saved = await storeFile();
    await expectRefused(await handle(post(body)), /already received/);
    expect(await storeFile()).toBe(saved);
  });

  const invalidTokens: [string, TokenOverrides | (() => Promise<string>), RegExp][] = [
    ["a token that is not a JWT", async () => "garbage", /not a signed JWT/],
    ["a token for another app", { claims: { aud: "other-app" } }, /audience/],
    ["a token from another issuer", { claims: { iss: "https://evil.example/oidc" } }, /issuer/],
    ["a token that is too old", { claims: { iat: now() - 3600 } }, /issued \d+ s ago/],
    ["a token with a nonce", { claims: { nonce: "n" } }, /nonce/],
    ["a token without the logout event", { claims: { events: {} } }, /events/],
    ["a token with the wrong typ", { header: { typ: "JWT" } }, /typ/],
    ["a token without sid and sub", { claims: { sid: undefined, sub: undefined } }, /neither a sid nor a sub/],
    ["a token without jti", { claims: { jti: undefined } }, /no jti/],
  ];

  it.each(invalidTokens)("answers 400 to %s and revokes nothing", async (_what, token, description) => {
    const logoutToken = typeof token === "function" ? await token() : await issuer.sign(token);
    await expectRefused(await handle(post(new URLSearchParams({ logout_token: logoutToken }).toString())), description);
    expect(await storeFile()).toBeUndefined();
    expect(store.isRevoked({ sid: "session-1", sub: "user-1", createdAt: now() - 10 })).toBe(false);
  });

  it("answers 400 to requests that carry no single form-encoded logout_token", async () => {
    const token = await issuer.sign();
    await expectRefused(
      await handle(post(JSON.stringify({ logout_token: token }), "application/json")),
      /x-www-form-urlencoded/,
    );
    await expectRefused(await handle(post("")), /exactly one logout_token/);
    await expectRefused(await handle(post(`logout_token=${token}&logout_token=${token}`)), /exactly one logout_token/);
    expect(await storeFile()).toBeUndefined();
  });

  it("answers 413 to a body over 64 KiB, declared or chunked, reading no more than the limit of a chunked one", async () => {
    await expectRefused(await handle(post(`logout_token=${"a".repeat(70_000)}`)), /larger than 65536/, 413);
    const chunk = new TextEncoder().encode(`logout_token=${"a".repeat(16_370)}`);
    let pulled = 0;
    // 1 MB without Content-Length, as a chunked request arrives.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = new Request("http://localhost/api/auth/backchannel-logout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    await expectRefused(await handle(chunked), /larger than 65536/, 413);
    expect(pulled).toBeLessThanOrEqual(65_536 + 2 * chunk.byteLength);
    expect(await storeFile()).toBeUndefined();
  });

  it("answers 405 to GET", async () => {
    const response = await handle(new Request("http://localhost/api/auth/backchannel-logout"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await storeFile()).toBeUndefined();
  });
});

describe("handleBackchannelLogout behind an HTTP server, called by apps/idp", () => {
  const APP = "http://localhost:4996";
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  const client = {
    clientId: "backchannel-test",
    clientSecret: "backchannel-test-secret",
    name: "Back-channel test",
    redirectUris: [`${APP}/callback`],
    postLogoutRedirectUris: [`${APP}/`],
    backchannelLogoutUri: "",
  };

  /** The app's client of apps/idp, made once the IdP runs (its issuer is known then). */
  let appClient: LogtoClient;

  beforeAll(async () => {
    receiver = await startReceiver((request) => handleBackchannelLogout(request, { client: appClient, store }));
    client.backchannelLogoutUri = receiver.url;
    idp = await startTestIdp([client]);
    appClient = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  });
  afterAll(async () => {
    await idp?.stop();
    await receiver?.stop();
  });

  it("revokes the app session whose ID token carried the ended IdP session's sid", async () => {
    const { idToken, claims, cookieJar } = await signInWithIdp(idp, client, "grace");
    const session = { sid: claims.sid as string, sub: claims.sub, createdAt: now() };
    expect(store.isRevoked(session)).toBe(false);

    const delivered = receiver.next();
    await endIdpSession(idp, client, idToken, cookieJar);
    const { response } = await delivered;
    expect(response.status).toBe(200);
    expect(store.isRevoked(session)).toBe(true);
    expect(store.isRevoked({ ...session, sid: "another-idp-session" })).toBe(false);
  });
});
