import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signInThroughStandIn, startTestIdp } from "@logto-hf/dev-idp/testing";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { cookiesFrom } from "../test-support/cookies.js";
import { LogtoAuthenticationError, LogtoStrategy } from "./strategy.js";

const APP = "http://localhost:4999";
const client = {
  clientId: "remix-test",
  clientSecret: "remix-test-secret",
  name: "Remix test",
  redirectUris: [`${APP}/auth/callback`],
  postLogoutRedirectUris: [`${APP}/`],
};

let idp: Awaited<ReturnType<typeof startTestIdp>>;
beforeAll(async () => {
  idp = await startTestIdp([client]);
});
afterAll(() => idp.stop());

const options = () => ({
  issuer: idp.issuer,
  clientId: client.clientId,
  clientSecret: client.clientSecret,
  redirectURI: `${APP}/auth/callback`,
  directSignIn: "social:huggingface",
});

const verify = async ({ profile, tokens }: LogtoStrategy.VerifyOptions) => ({
  profile,
  refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : undefined,
});

/** Starts a sign-in with the strategy and returns the IdP URL and the state cookie it set. */
async function startSignIn(strategy: LogtoStrategy<unknown>) {
  const thrown = await strategy.authenticate(new Request(`${APP}/auth/sign-in`)).catch((error: unknown) => error);
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(302);
  return { authorizationUrl: new URL(response.headers.get("location")!), cookie: cookiesFrom(response) };
}

describe("LogtoStrategy against apps/idp", () => {
  it("sends an OpenID Connect request with PKCE S256, nonce, consent and direct sign-in", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    const { authorizationUrl, cookie } = await startSignIn(strategy);
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${idp.issuer}/auth`);
    const params = authorizationUrl.searchParams;
    expect(params.get("client_id")).toBe("remix-test");
    expect(params.get("scope")).toBe("openid offline_access profile email identities");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("prompt")).toBe("consent");
    expect(params.get("direct_sign_in")).toBe("social:huggingface");
    expect(params.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(cookie).toMatch(/^logto-oauth:[\w-]+=state=/);
  });

  it("starts a silent request from any page path, even one that is not a valid relative URL", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    for (const path of ["//", "///", "//?x=1", "/a//b?state=forged"]) {
      const response = await strategy.authorizationRedirect(new Request(`${APP}${path}`), { prompt: "none" });
      const location = new URL(response.headers.get("location")!);
      expect(location.origin + location.pathname, path).toBe(`${idp.issuer}/auth`);
      expect(location.searchParams.get("prompt"), path).toBe("none");
    }
  });

  it("signs in through the Hugging Face stand-in and maps the verified ID token", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    const { authorizationUrl, cookie } = await startSignIn(strategy);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
    const user = await strategy.authenticate(new Request(callbackUrl, { headers: { cookie } }));
    // The ID token alone: Logto sets no username from Hugging Face (the integrations add it from userinfo).
    expect(user.profile).toMatchObject({ name: "Ada Lovelace", username: null, email: "ada@example.com" });
    expect(user.profile.image).toMatch(/^http:\/\/localhost:\d+\//);
    expect(user.refreshToken).toEqual(expect.any(String));
  });

  it("refuses an authorization response from another issuer (RFC 9207)", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    const { authorizationUrl, cookie } = await startSignIn(strategy);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "grace" });
    callbackUrl.searchParams.set("iss", "https://evil.example/oidc");
    await expect(strategy.authenticate(new Request(callbackUrl, { headers: { cookie } }))).rejects.toThrow(
      LogtoAuthenticationError,
    );
    callbackUrl.searchParams.delete("iss");
    await expect(strategy.authenticate(new Request(callbackUrl, { headers: { cookie } }))).rejects.toThrow(/no `iss`/);
  });

  it("refuses a callback whose state is not the one in the cookie", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    const { authorizationUrl, cookie } = await startSignIn(strategy);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
    callbackUrl.searchParams.set("state", "forged");
    await expect(strategy.authenticate(new Request(callbackUrl, { headers: { cookie } }))).rejects.toThrow(
      /State in URL doesn't match/,
    );
  });

  it("refuses a response without state instead of starting a new sign-in", async () => {
    const strategy = await LogtoStrategy.create(options(), verify);
    for (const query of ["code=forged", "error=access_denied"]) {
      await expect(strategy.authenticate(new Request(`${APP}/auth/callback?${query}`))).rejects.toThrow(/no `state`/);
    }
  });

  describe("with a token endpoint that returns a forged ID token", () => {
    let forger: Server;
    let forgerUrl: string;
    beforeAll(async () => {
      const { privateKey } = await generateKeyPair("ES384");
      const realKeys = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      forger = createServer(async (_request, response) => {
        // Same issuer, audience and kid as the real IdP, signed with another key.
        const idToken = await new SignJWT({ sub: "attacker", name: "Mallory", nonce: "whatever" })
          .setProtectedHeader({ alg: "ES384", kid: realKeys.keys[0]!.kid })
          .setIssuer(idp.issuer)
          .setAudience(client.clientId)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey);
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ access_token: "a", token_type: "Bearer", expires_in: 3600, id_token: idToken }));
      });
      await new Promise<void>((resolve) => forger.listen(0, "127.0.0.1", resolve));
      forgerUrl = `http://127.0.0.1:${(forger.address() as AddressInfo).port}/token`;
    });
    afterAll(() => new Promise<void>((resolve) => forger.close(() => resolve())));

    it("refuses it: the signature does not verify against the issuer's JWKS", async () => {
      const logto = new LogtoClient({
        issuer: idp.issuer,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
      });
      const metadata = { ...(await logto.metadata()), token_endpoint: forgerUrl };
      const strategy = new LogtoStrategy(metadata, options(), verify);
      const { authorizationUrl, cookie } = await startSignIn(strategy);
      const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
      await expect(strategy.authenticate(new Request(callbackUrl, { headers: { cookie } }))).rejects.toThrow(
        /The ID token is not valid: signature verification failed/,
      );
    });
  });
});
