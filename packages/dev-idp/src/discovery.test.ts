import { describe, expect, it } from "vitest";
import { APP_A, authorizationRequest, useTestIdp } from "./test-support.js";
import { CookieJar } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

const HTML = { accept: "text/html,application/xhtml+xml" };

describe("discovery", () => {
  it("looks like Logto's", async () => {
    expect(idp.origin).toBe(`http://localhost:${idp.port}`);
    expect(idp.issuer).toBe(`${idp.origin}/oidc`);

    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/auth`,
      token_endpoint: `${idp.issuer}/token`,
      userinfo_endpoint: `${idp.issuer}/me`,
      jwks_uri: `${idp.issuer}/jwks`,
      end_session_endpoint: `${idp.issuer}/session/end`,
      revocation_endpoint: `${idp.issuer}/token/revocation`,
      introspection_endpoint: `${idp.issuer}/token/introspection`,
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      id_token_signing_alg_values_supported: ["ES384"],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "offline_access", "profile", "email"]));
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining([
        "sub",
        "name",
        "username",
        "picture",
        "email",
        "email_verified",
        "created_at",
        "updated_at",
        "sid",
      ]),
    );
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
  });

  it("publishes a single P-384 signing key, without private parts", async () => {
    const response = await fetch(`${idp.issuer}/jwks`);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-384", alg: "ES384", use: "sig" });
    expect(keys[0]?.kid).toBeTypeOf("string");
    expect(keys[0]).not.toHaveProperty("d");
  });
});

describe("error pages", () => {
  it("renders a readable HTML page for an unknown client, without a stack trace", async () => {
    const url = new URL(authorizationRequest(idp, APP_A).url);
    url.searchParams.set("client_id", "unknown-app");
    const response = await fetch(url, { headers: HTML, redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const text = await response.text();
    expect(text).toContain("<title>Unknown application</title>");
    expect(text).toContain("invalid_client");
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    expect(text).not.toContain("node_modules");
  });

  it("renders an HTML page (not a redirect) for an unregistered redirect_uri", async () => {
    const url = new URL(authorizationRequest(idp, APP_A).url);
    url.searchParams.set("redirect_uri", "http://evil.example/callback");
    const response = await fetch(url, { headers: HTML, redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const text = await response.text();
    expect(text).toContain("invalid_redirect_uri");
    expect(text).not.toContain("evil.example/callback?");
  });

  it("escapes values reflected into error pages", async () => {
    const url = new URL(authorizationRequest(idp, APP_A).url);
    url.searchParams.set("client_id", '<script>alert("x")</script>');
    const text = await (await fetch(url, { headers: HTML })).text();
    expect(text).not.toContain('<script>alert("x")</script>');
  });

  it("answers JSON errors to non-browser clients", async () => {
    const response = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "nope",
        client_id: APP_A.clientId,
        client_secret: "wrong",
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("cookies", () => {
  it("uses Logto's cookie names, signed, SameSite=Lax, HttpOnly", async () => {
    const response = await fetch(authorizationRequest(idp, APP_A).url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const setCookies = response.headers.getSetCookie();
    const names = setCookies.map((c) => c.split("=")[0]);
    expect(names).toEqual(
      expect.arrayContaining(["_interaction", "_interaction.sig", "_interaction_resume", "_interaction_resume.sig"]),
    );
    for (const cookie of setCookies) {
      expect(cookie.toLowerCase()).toContain("samesite=lax");
      expect(cookie.toLowerCase()).toContain("httponly");
    }
    const jar = new CookieJar();
    jar.setFromResponse(response.url, response);
    expect(jar.all().find((c) => c.name === "_interaction_resume")?.path).toMatch(/^\/oidc\/auth\//);
  });
});
