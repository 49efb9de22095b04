import { Auth, type AuthConfig, customFetch } from "@auth/core";
import { signInThroughStandIn, startTestIdp } from "@logto-hf/dev-idp/testing";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { mapLogtoProfile } from "../core/profile.js";
import { cookiesFrom } from "../test-support/cookies.js";
import { Logto } from "./provider.js";

const APP = "http://localhost:4998";
const client = {
  clientId: "web-test",
  clientSecret: "web-test-secret",
  name: "Web test",
  redirectUris: [`${APP}/auth/callback/logto`],
  postLogoutRedirectUris: [`${APP}/`],
};

let idp: Awaited<ReturnType<typeof startTestIdp>>;
/** The app's client of Logto, shared by every configuration as an app shares its one client. */
let logtoClient: LogtoClient;
beforeAll(async () => {
  idp = await startTestIdp([client]);
  logtoClient = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
});
afterAll(() => idp.stop());

function authConfig(fetchOverride?: typeof fetch): AuthConfig {
  return {
    secret: "test-secret-test-secret-test-secret",
    trustHost: true,
    basePath: "/auth",
    logger: { error() {}, warn() {}, debug() {} },
    providers: [
      Logto({
        issuer: idp.issuer,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        directSignIn: "social:huggingface",
        logtoClient,
        ...(fetchOverride ? { [customFetch]: fetchOverride } : {}),
      }),
    ],
    callbacks: {
      jwt({ token, profile, account }) {
        if (profile) token.user = mapLogtoProfile(profile);
        if (account) token.hasRefreshToken = Boolean(account.refresh_token);
        return token;
      },
      session({ session, token }) {
        return { ...session, user: token.user as never, hasRefreshToken: token.hasRefreshToken };
      },
    },
  };
}

/** Drives Auth.js's own endpoints the way a browser does, up to the authorization request. */
async function startSignIn(config: AuthConfig) {
  const csrf = await Auth(new Request(`${APP}/auth/csrf`), config);
  let cookie = cookiesFrom(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await Auth(
    new Request(`${APP}/auth/signin/logto`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/protected` }),
    }),
    config,
  );
  expect(signIn.status).toBe(302);
  cookie = cookiesFrom(signIn, cookie);
  return { authorizationUrl: new URL(signIn.headers.get("location")!), cookie };
}

describe("Logto provider for Auth.js against apps/idp", () => {
  it("asks for a refresh token with prompt=consent, PKCE and direct sign-in", async () => {
    const { authorizationUrl } = await startSignIn(authConfig());
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      client_id: "web-test",
      scope: "openid offline_access profile email identities",
      prompt: "consent",
      direct_sign_in: "social:huggingface",
      code_challenge_method: "S256",
      redirect_uri: `${APP}/auth/callback/logto`,
    });
  });

  it("signs in through the Hugging Face stand-in, accepts the ES384 ID token and maps the profile", async () => {
    const config = authConfig();
    const { authorizationUrl, cookie } = await startSignIn(config);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "grace" });
    const callback = await Auth(new Request(callbackUrl, { headers: { cookie } }), config);
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${APP}/protected`);
    const session = await Auth(
      new Request(`${APP}/auth/session`, { headers: { cookie: cookiesFrom(callback, cookie) } }),
      config,
    );
    expect(await session.json()).toMatchObject({
      user: { name: "Grace Hopper", username: null, email: "grace@example.com" },
      hasRefreshToken: true,
    });
  });

  it("answers Auth.js's discovery requests from the package's cache: sign-in and callback cost no discovery round trip", async () => {
    const fetched: string[] = [];
    const recording: typeof fetch = (input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const config = authConfig(recording);
    const { authorizationUrl, cookie } = await startSignIn(config);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
    const callback = await Auth(new Request(callbackUrl, { headers: { cookie } }), config);
    expect(callback.headers.get("location")).toBe(`${APP}/protected`);
    expect(fetched).toEqual([`${idp.issuer}/token`]);
  });

  it("sends a forged callback (wrong issuer in the response) to the error page without a session", async () => {
    const config = authConfig();
    const { authorizationUrl, cookie } = await startSignIn(config);
    const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
    callbackUrl.searchParams.set("iss", "https://evil.example/oidc");
    const callback = await Auth(new Request(callbackUrl, { headers: { cookie } }), config);
    expect(callback.headers.get("location")).toMatch(/\/auth\/error\?error=Configuration|error=/);
    expect(cookiesFrom(callback, cookie)).not.toMatch(/session-token/);
  });
});

describe("Logto provider with a token response replaced by a rogue IdP", () => {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

  /** Same issuer and audience as the real IdP; what varies is how the ID token is signed. */
  async function forgeries(): Promise<Record<string, string>> {
    const { privateKey } = await generateKeyPair("ES384");
    const { keys } = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    const claims = { sub: "attacker", name: "Mallory", username: "mallory" };
    const now = Math.floor(Date.now() / 1000);
    const base = (jwt: SignJWT) =>
      jwt.setIssuer(idp.issuer).setAudience(client.clientId).setIssuedAt().setExpirationTime("5m");
    return {
      "another key under the real kid": await base(
        new SignJWT(claims).setProtectedHeader({ alg: "ES384", kid: keys[0]!.kid }),
      ).sign(privateKey),
      "alg none": `${encode({ alg: "none" })}.${encode({ ...claims, iss: idp.issuer, aud: client.clientId, iat: now, exp: now + 300 })}.`,
      "HMAC with the client secret": await base(new SignJWT(claims).setProtectedHeader({ alg: "HS256" })).sign(
        new TextEncoder().encode(client.clientSecret.padEnd(32, "x")),
      ),
      expired: await new SignJWT(claims)
        .setProtectedHeader({ alg: "ES384", kid: keys[0]!.kid })
        .setIssuer(idp.issuer)
        .setAudience(client.clientId)
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(privateKey),
    };
  }

  it("refuses every forged ID token and creates no session", async () => {
    for (const [variant, idToken] of Object.entries(await forgeries())) {
      const rogueTokenEndpoint: typeof fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (!url.startsWith(`${idp.issuer}/token`)) return fetch(input, init);
        return Response.json({ access_token: "forged", token_type: "Bearer", expires_in: 3600, id_token: idToken });
      };
      const config = authConfig(rogueTokenEndpoint);
      const { authorizationUrl, cookie } = await startSignIn(config);
      const { callbackUrl } = await signInThroughStandIn(authorizationUrl.href, { account: "ada" });
      const callback = await Auth(new Request(callbackUrl, { headers: { cookie } }), config);
      expect(callback.headers.get("location"), variant).not.toBe(`${APP}/protected`);
      const session = await Auth(
        new Request(`${APP}/auth/session`, { headers: { cookie: cookiesFrom(callback, cookie) } }),
        config,
      );
      expect(await session.json(), variant).toBeNull();
    }
  });
});
