import { afterEach, describe, expect, it, vi } from "vitest";
import { APP_A, authorizationRequest, exchangeCode, tempDir, tokenRequest } from "./test-support.js";
import { startTestIdp, type TestIdp, type TestIdpOptions } from "./testing/test-idp.js";
import { signInThroughStandIn } from "./testing.js";

const HF_SCOPE = "openid profile email read-repos inference-api";
const started: TestIdp[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(started.splice(0).map((idp) => idp.stop()));
});

async function idpWith(options: TestIdpOptions = {}) {
  const idp = await startTestIdp([APP_A], options);
  started.push(idp);
  return idp;
}

/** Signs `account` in to APP_A through the stand-in: the app's Logto tokens. */
async function signIn(idp: TestIdp, account = "ada", scope = "openid offline_access profile email identities") {
  const request = authorizationRequest(idp, APP_A, { scope, prompt: "consent" });
  const { callbackUrl } = await signInThroughStandIn(request.url, { account });
  return exchangeCode(idp, APP_A, callbackUrl, request);
}

/** The Account API's answer for the user's Hugging Face token. */
async function hfToken(idp: TestIdp, authorization?: string, target = "huggingface") {
  const response = await fetch(`${idp.origin}/api/my-account/identities/${target}/access-token`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const accountCenter = (idp: TestIdp, body: unknown) =>
  fetch(`${idp.origin}/api/account-center`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const whoami = (idp: TestIdp, token: unknown) =>
  fetch(`${idp.origin}/huggingface/api/whoami-v2`, { headers: { authorization: `Bearer ${String(token)}` } });

/** Moves the clock of this process (the IdP and the stand-in run in it) by `seconds`. */
function later(seconds: number) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + seconds * 1000 });
}

describe("GET /api/my-account/identities/:target/access-token, as Logto 1.37", () => {
  it("answers the token set stored at sign-in, which calls the Hub as the user", async () => {
    const idp = await idpWith();
    const { access_token } = await signIn(idp);
    const { status, body } = await hfToken(idp, `Bearer ${access_token}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(body).toMatchObject({ scope: HF_SCOPE, token_type: "bearer" });
    expect(body.expires_in).toBeGreaterThan(8 * 3600 - 5);
    expect(body.expires_in).toBeLessThanOrEqual(8 * 3600);

    const me = await whoami(idp, body.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ type: "user", name: "ada", fullname: "Ada Lovelace" });
    // Each sign-in stores the set it got: the same user's next sign-in replaces it.
    const again = await hfToken(idp, `Bearer ${(await signIn(idp)).access_token}`);
    expect(again.body.access_token).not.toBe(body.access_token);
    expect((await hfToken(idp, `Bearer ${access_token}`)).body.access_token).toBe(again.body.access_token);
  });

  it("refuses a missing, foreign or unknown bearer token with Logto's 401s, before anything else", async () => {
    const idp = await idpWith();
    const tokens = await signIn(idp);
    await accountCenter(idp, { enabled: false });
    expect(await hfToken(idp)).toEqual({
      status: 401,
      body: { code: "auth.authorization_header_missing", message: "Authorization header is missing." },
    });
    expect(await hfToken(idp, `Basic ${Buffer.from("a:b").toString("base64")}`)).toEqual({
      status: 401,
      body: {
        code: "auth.authorization_token_type_not_supported",
        data: { supportedTypes: ["Bearer"] },
        message: "Authorization type is not supported.",
      },
    });
    const unauthorized = {
      status: 401,
      body: { code: "auth.unauthorized", message: "Unauthorized. Please check credentials and its scope." },
    };
    expect(await hfToken(idp, "Bearer not-a-token")).toEqual(unauthorized);
    // An ID token, or an access token of another IdP, is not an access token of this one.
    expect(await hfToken(idp, `Bearer ${tokens.id_token}`)).toEqual(unauthorized);
    expect(await hfToken(idp, `Bearer ${tokens.access_token}x`)).toEqual(unauthorized);
  });

  it("answers 403 auth.forbidden to an access token without openid", async () => {
    const idp = await idpWith();
    const tokens = await signIn(idp);
    // A refresh may narrow the scopes: its access token has no openid.
    const narrowed = await tokenRequest(idp, APP_A, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
      scope: "profile",
    });
    expect(narrowed.status).toBe(200);
    expect(await hfToken(idp, `Bearer ${String(narrowed.body.access_token)}`)).toEqual({
      status: 403,
      body: { code: "auth.forbidden", message: "Forbidden. Please check your user roles and permissions." },
    });
  });

  it("answers account_center.not_enabled (400) while the Account Center is off, switched by PATCH /api/account-center", async () => {
    const idp = await idpWith();
    const { access_token } = await signIn(idp);
    expect(await (await fetch(`${idp.origin}/api/account-center`)).json()).toMatchObject({
      id: "default",
      enabled: true,
    });
    const off = await accountCenter(idp, { enabled: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id: "default", enabled: false, fields: {} });
    expect(await hfToken(idp, `Bearer ${access_token}`)).toEqual({
      status: 400,
      body: { code: "account_center.not_enabled", message: "Account center is not enabled." },
    });
    expect((await accountCenter(idp, { enabled: "yes" })).status).toBe(400);
    expect((await accountCenter(idp, { enabled: true })).status).toBe(200);
    expect((await hfToken(idp, `Bearer ${access_token}`)).status).toBe(200);
  });

  it("answers 404 token_not_found when the connector stores no tokens, or for another target", async () => {
    const idp = await idpWith({ huggingfaceTokenStorage: false });
    const { access_token } = await signIn(idp);
    const notFound = {
      status: 404,
      body: { code: "secrets.third_party_token_set.token_not_found", message: "Token record not found." },
    };
    expect(await hfToken(idp, `Bearer ${access_token}`)).toEqual(notFound);
    expect(await hfToken(idp, `Bearer ${access_token}`, "github")).toEqual(notFound);
  });

  it("refreshes an expired token with the stored refresh token at Hugging Face", async () => {
    const idp = await idpWith({ standIn: { accessTokenTtl: 60 } });
    const { access_token } = await signIn(idp);
    const first = await hfToken(idp, `Bearer ${access_token}`);
    expect(first.body.expires_in).toBeLessThanOrEqual(60);
    later(120);
    expect((await whoami(idp, first.body.access_token)).status).toBe(401);
    const refreshed = await hfToken(idp, `Bearer ${access_token}`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ scope: HF_SCOPE, token_type: "bearer" });
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect((await whoami(idp, refreshed.body.access_token)).status).toBe(200);
    // Stored: the next answer is the same token, until it expires in turn.
    expect((await hfToken(idp, `Bearer ${access_token}`)).body.access_token).toBe(refreshed.body.access_token);
  });

  it("answers 401 access_token_expired for an expired token without a refresh token, and deletes it", async () => {
    const idp = await idpWith({ standIn: { accessTokenTtl: 60, refreshTokens: false } });
    const { access_token } = await signIn(idp);
    expect((await hfToken(idp, `Bearer ${access_token}`)).status).toBe(200);
    later(120);
    expect(await hfToken(idp, `Bearer ${access_token}`)).toEqual({
      status: 401,
      body: {
        code: "secrets.third_party_token_set.access_token_expired",
        message: "The access token has expired. Please reconnect your account.",
      },
    });
    expect((await hfToken(idp, `Bearer ${access_token}`)).body.code).toBe(
      "secrets.third_party_token_set.token_not_found",
    );
  });

  it("answers 500 connector.general when Hugging Face refuses the refresh, 422 when token storage went off", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const first = await idpWith({ dataDir: dir, standIn: { accessTokenTtl: 60 } });
      const { access_token } = await signIn(first);
      await first.stop();
      started.splice(started.indexOf(first), 1);
      later(120);
      // A restarted stand-in knows none of the refresh tokens it issued before: the stored one is refused.
      const restarted = await idpWith({ dataDir: dir, port: first.port });
      expect(await hfToken(restarted, `Bearer ${access_token}`)).toEqual({
        status: 500,
        body: { code: "connector.general", data: "{}", message: "Error occurred in connector: " },
      });
      await restarted.stop();
      started.splice(started.indexOf(restarted), 1);
      const storageOff = await idpWith({ dataDir: dir, port: first.port, huggingfaceTokenStorage: false });
      expect(await hfToken(storageOff, `Bearer ${access_token}`)).toEqual({
        status: 422,
        body: {
          code: "connector.token_storage_not_supported",
          message: "Token storage is not supported for this connector.",
        },
      });
    } finally {
      await Promise.all(started.splice(0).map((idp) => idp.stop()));
      await cleanup();
    }
  });
});
