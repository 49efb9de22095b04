/**
 * The Account API client and the per-session cache against the real dev issuer in-process (its Hugging Face stand-in
 * issues the tokens Logto stores): every answer of Logto's, and no token in a log line, an error or a JSON form.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { signInThroughStandIn, startTestIdp, type TestIdp, type TestIdpOptions } from "@logto-hf/dev-idp/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ThirdPartyTokens } from "../core/third-party-tokens.js";
import { LogtoClient } from "./logto-client.js";
import { fetchThirdPartyToken, ThirdPartyToken, ThirdPartyTokenError } from "./third-party-token.js";

const CLIENT = {
  clientId: "hf-token-test",
  clientSecret: "hf-token-test-secret",
  name: "HF token test",
  redirectUris: ["http://localhost:4990/callback"],
  postLogoutRedirectUris: ["http://localhost:4990/"],
};

const started: TestIdp[] = [];
let logged: string[];

beforeEach(() => {
  logged = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => inspect(arg)).join(" "));
    });
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  await Promise.all(started.splice(0).map((idp) => idp.stop()));
});

async function idpWith(options: TestIdpOptions = {}): Promise<TestIdp> {
  const idp = await startTestIdp([CLIENT], options);
  started.push(idp);
  return idp;
}

/** Signs `account` in to the test client through the stand-in: its Logto access token, as an app's session holds. */
async function logtoAccessToken(idp: TestIdp, account = "ada"): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0] ?? "",
    response_type: "code",
    scope: "openid offline_access profile email identities",
    prompt: "consent",
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const { callbackUrl } = await signInThroughStandIn(url.href, { account });
  const response = await fetch(`${idp.issuer}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callbackUrl.searchParams.get("code") ?? "",
      redirect_uri: CLIENT.redirectUris[0] ?? "",
      code_verifier: verifier,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The error `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<ThirdPartyTokenError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ThirdPartyTokenError);
  return error as ThirdPartyTokenError;
}

const setAccountCenter = (idp: TestIdp, enabled: boolean) =>
  fetch(`${idp.origin}/api/account-center`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ enabled }),
  });

/** Nothing a test saw (logs, error messages, JSON forms) holds any of `secrets`. */
function expectNoneOf(secrets: string[], ...seen: string[]) {
  for (const text of [...logged, ...seen]) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("fetchThirdPartyToken: Logto's Account API", () => {
  it("gives the Hugging Face token Logto stored at sign-in, which the Hub accepts; its JSON and inspect forms hide it", async () => {
    const idp = await idpWith();
    const logtoToken = await logtoAccessToken(idp);
    const token = await fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface");
    expect(token).toBeInstanceOf(ThirdPartyToken);
    expect(token.accessToken).toMatch(/^hf_oauth_/);
    expect(token.scopes).toEqual(["openid", "profile", "email", "read-repos", "inference-api"]);
    expect(token.tokenType).toBe("bearer");
    expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000 + 8 * 3600 - 10);
    const whoami = await fetch(`${idp.origin}/huggingface/api/whoami-v2`, {
      headers: { authorization: `Bearer ${token.accessToken}` },
    });
    expect(((await whoami.json()) as { name: string }).name).toBe("ada");
    console.log(token);
    const json = JSON.stringify({ token });
    expect(JSON.parse(json)).toEqual({
      token: { scopes: token.scopes, tokenType: "bearer", expiresAt: token.expiresAt },
    });
    expectNoneOf([token.accessToken, logtoToken], json, inspect(token), String(token));
  });

  it("not_stored: the connector stores no tokens (404 token_not_found)", async () => {
    const idp = await idpWith({ huggingfaceTokenStorage: false });
    const error = await refusal(fetchThirdPartyToken(idp.issuer, await logtoAccessToken(idp), "huggingface"));
    expect(error).toMatchObject({
      code: "third_party_token.not_stored",
      target: "huggingface",
      logto: { status: 404, code: "secrets.third_party_token_set.token_not_found" },
      needsReconnect: true,
    });
    expect(error.message).toContain("Sign in again with Hugging Face");
    expect(error.message).toContain("Store tokens for persistent API access");
  });

  it("expired: the stored token expired and Logto had no refresh token (401), then not_stored", async () => {
    const idp = await idpWith({ standIn: { accessTokenTtl: 60, refreshTokens: false } });
    const logtoToken = await logtoAccessToken(idp);
    await fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 });
    const error = await refusal(fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface"));
    expect(error).toMatchObject({ code: "third_party_token.expired", logto: { status: 401 }, needsReconnect: true });
    expect(error.message).toContain("reconnect");
    expect((await refusal(fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface"))).code).toBe(
      "third_party_token.not_stored",
    );
  });

  it("an expired stored token comes back renewed when Logto holds a refresh token", async () => {
    const idp = await idpWith({ standIn: { accessTokenTtl: 60 } });
    const logtoToken = await logtoAccessToken(idp);
    const first = await fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 });
    const renewed = await fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface");
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() / 1000 + 50);
  });

  it("account_center_disabled: the Account Center is off (400)", async () => {
    const idp = await idpWith();
    const logtoToken = await logtoAccessToken(idp);
    await setAccountCenter(idp, false);
    const error = await refusal(fetchThirdPartyToken(idp.issuer, logtoToken, "huggingface"));
    expect(error).toMatchObject({
      code: "third_party_token.account_center_disabled",
      logto: { status: 400, code: "account_center.not_enabled" },
      needsReconnect: false,
    });
    expect(error.message).toContain("ask the Logto admin to enable it");
  });

  it("session_ended: a forged Logto token, or another Logto's, is refused (401)", async () => {
    const [idp, other] = await Promise.all([idpWith(), idpWith()]);
    const foreign = await logtoAccessToken(other);
    for (const token of ["forged", foreign, `${await logtoAccessToken(idp)}x`]) {
      const error = await refusal(fetchThirdPartyToken(idp.issuer, token, "huggingface"));
      expect(error).toMatchObject({ code: "third_party_token.session_ended", logto: { code: "auth.unauthorized" } });
      expectNoneOf([token], error.message, JSON.stringify(error));
    }
  });

  it("logto_unreachable: nothing listens at the issuer", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await refusal(fetchThirdPartyToken(`http://127.0.0.1:${port}/oidc`, "a-logto-token", "huggingface"));
    expect(error).toMatchObject({ code: "third_party_token.logto_unreachable", logto: { status: 0 } });
    expect(error.message).toContain(`http://127.0.0.1:${port}/api/my-account/identities/huggingface/access-token`);
    expectNoneOf(["a-logto-token"], error.message, inspect(error));
  });

  it("refresh_failed when Hugging Face refuses the renewal (500), storage_not_configured once storage is off (422)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hf-token-test-"));
    try {
      const first = await idpWith({ dataDir, standIn: { accessTokenTtl: 60 } });
      const logtoToken = await logtoAccessToken(first);
      await first.stop();
      started.splice(started.indexOf(first), 1);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 });
      // The restarted stand-in no longer knows the refresh token Logto stored.
      const restarted = await idpWith({ dataDir, port: first.port });
      const failed = await refusal(fetchThirdPartyToken(restarted.issuer, logtoToken, "huggingface"));
      expect(failed).toMatchObject({
        code: "third_party_token.refresh_failed",
        logto: { status: 500, code: "connector.general" },
        needsReconnect: true,
      });
      await restarted.stop();
      started.splice(started.indexOf(restarted), 1);
      const storageOff = await idpWith({ dataDir, port: first.port, huggingfaceTokenStorage: false });
      const off = await refusal(fetchThirdPartyToken(storageOff.issuer, logtoToken, "huggingface"));
      expect(off).toMatchObject({
        code: "third_party_token.storage_not_configured",
        logto: { status: 422, code: "connector.token_storage_not_supported" },
      });
      expect(off.message).toContain("Store tokens for persistent API access");
    } finally {
      await Promise.all(started.splice(0).map((idp) => idp.stop()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("ThirdPartyTokens: kept per session until about to expire", () => {
  it("asks Logto once per session, concurrent asks included; another session asks again", async () => {
    const idp = await idpWith();
    const client = new LogtoClient({ issuer: idp.issuer, ...CLIENT });
    const asks = vi.spyOn(client, "thirdPartyToken");
    const tokens = new ThirdPartyTokens(client);
    const session = { accessToken: await logtoAccessToken(idp) };
    const [a, b] = await Promise.all([tokens.get(session, "huggingface"), tokens.get(session, "huggingface")]);
    expect(await tokens.get(session, "huggingface")).toBe(a);
    expect(b).toBe(a);
    expect(asks).toHaveBeenCalledTimes(1);

    // A new sign-in of the same user is a new session: its own entry, the token Logto stored at that sign-in.
    const next = await tokens.get({ accessToken: await logtoAccessToken(idp) }, "huggingface");
    expect(next.accessToken).not.toBe(a.accessToken);
    expect(asks).toHaveBeenCalledTimes(2);
    expect(tokens.size).toBe(2);
  });

  it("asks again in a token's last minute, keeps no failure, and holds at most maxEntries", async () => {
    const idp = await idpWith({ standIn: { accessTokenTtl: 600 } });
    const client = new LogtoClient({ issuer: idp.issuer, ...CLIENT });
    const asks = vi.spyOn(client, "thirdPartyToken");
    const tokens = new ThirdPartyTokens(client, { maxEntries: 2 });
    const session = { accessToken: await logtoAccessToken(idp) };
    await tokens.get(session, "huggingface");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 541_000 });
    await tokens.get(session, "huggingface");
    expect(asks).toHaveBeenCalledTimes(2);
    vi.useRealTimers();

    const other = { accessToken: await logtoAccessToken(idp, "grace") };
    await setAccountCenter(idp, false);
    expect((await refusal(tokens.get(other, "huggingface"))).code).toBe("third_party_token.account_center_disabled");
    await setAccountCenter(idp, true);
    expect((await tokens.get(other, "huggingface")).accessToken).toMatch(/^hf_oauth_/);

    await tokens.get({ accessToken: await logtoAccessToken(idp, "linus") }, "huggingface");
    expect(tokens.size).toBe(2);
  });

  it("session_ended without a session, asking nobody", async () => {
    const client = new LogtoClient({ issuer: "http://127.0.0.1:9/oidc", ...CLIENT });
    const asks = vi.spyOn(client, "thirdPartyToken");
    const error = await refusal(new ThirdPartyTokens(client).get(null, "huggingface"));
    expect(error.code).toBe("third_party_token.session_ended");
    expect(asks).not.toHaveBeenCalled();
  });
});
