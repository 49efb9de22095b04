import { signInThroughStandIn, startTestIdp } from "@logto-hf/dev-idp/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogtoStrategy } from "../remix/strategy.js";
import { cookiesFrom } from "../test-support/cookies.js";
import type { LogtoIssuerMetadata } from "./discovery.js";
import { LogtoClient } from "./logto-client.js";
import { refreshOnce } from "./refresh.js";
import { LogtoRefreshError } from "./refresh-error.js";

const APP = "http://localhost:4997";
const client = {
  clientId: "tokens-test",
  clientSecret: "tokens-test-secret",
  name: "Tokens test",
  redirectUris: [`${APP}/auth/callback`],
  postLogoutRedirectUris: [`${APP}/`],
};

let idp: Awaited<ReturnType<typeof startTestIdp>>;
let metadata: LogtoIssuerMetadata;
/** The app's client of the IdP, shared by the tests as an app shares its one client. */
let logto: LogtoClient;
beforeAll(async () => {
  idp = await startTestIdp([client]);
  logto = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  metadata = await logto.metadata();
});
afterAll(() => idp.stop());

/** A real sign-in through the stand-in, returning the tokens the app would keep. */
async function signIn() {
  const strategy = await LogtoStrategy.create(
    {
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectURI: `${APP}/auth/callback`,
      logtoClient: logto,
    },
    async ({ tokens }) => ({ accessToken: tokens.accessToken(), refreshToken: tokens.refreshToken() }),
  );
  const start = (await strategy
    .authenticate(new Request(`${APP}/auth/sign-in`))
    .catch((thrown: unknown) => thrown)) as Response;
  const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, { account: "ada" });
  return strategy.authenticate(new Request(callbackUrl, { headers: { cookie: cookiesFrom(start) } }));
}

describe("LogtoClient.refresh", () => {
  it("rotates the refresh token and returns a working access token", async () => {
    const tokens = await signIn();
    const refreshed = await logto.refresh(tokens.refreshToken);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 3000);
    expect(await logto.userinfo(refreshed.accessToken)).toMatchObject({
      ok: true,
      claims: { name: "Ada Lovelace", email: "ada@example.com" },
    });
  });

  it("spends a refresh token once when concurrent requests of one session refresh together", async () => {
    const tokens = await signIn();
    const results = await Promise.all(Array.from({ length: 5 }, () => logto.refresh(tokens.refreshToken)));
    expect(new Set(results.map((result) => result.refreshToken)).size).toBe(1);
    // A late request with the old token gets the same result instead of replaying it (which would revoke the grant).
    expect(await logto.refresh(tokens.refreshToken)).toEqual(results[0]);
    // And the rotated token works: the grant was not revoked by a replay.
    await expect(logto.refresh(results[0]!.refreshToken)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it("fails with invalid_grant once the refresh token is revoked", async () => {
    const tokens = await signIn();
    expect(await logto.revoke(tokens.refreshToken)).toBe(true);
    const error = await logto.refresh(tokens.refreshToken).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LogtoRefreshError);
    expect(error).toMatchObject({ code: "refresh.refused", oauthError: "invalid_grant", transient: false });
  });

  it("reports an unreachable IdP as a network error", async () => {
    // refreshOnce is what LogtoClient.refresh runs with the client's metadata; here the token endpoint is dead.
    const dead = { ...metadata, token_endpoint: "http://127.0.0.1:1/token" };
    await expect(refreshOnce(dead, client, "whatever")).rejects.toMatchObject({
      code: "refresh.unreachable",
      transient: true,
    });
  });
});

describe("LogtoClient.userinfo", () => {
  it("reports a refused access token", async () => {
    expect(await logto.userinfo("not-a-token")).toMatchObject({ ok: false, status: 401 });
  });
});

describe("LogtoClient.endSessionUrl", () => {
  it("points at the end-session endpoint with the hint and the registered return URL", async () => {
    const web = new LogtoClient({ issuer: idp.issuer, clientId: "web", clientSecret: "web-secret" });
    const url = new URL(await web.endSessionUrl({ idTokenHint: "h.i.nt", postLogoutRedirectUri: `${APP}/` }));
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "web",
      id_token_hint: "h.i.nt",
      post_logout_redirect_uri: `${APP}/`,
    });
  });
});
