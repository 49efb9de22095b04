import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import {
  APP_A,
  APP_B,
  authorizationRequest,
  exchangeCode,
  tokenRequest,
  useTestIdp,
  verifyIdToken,
} from "./test-support.js";
import { CookieJar, signInThroughStandIn } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

describe("authorization code flow through the Hugging Face stand-in", () => {
  it("issues a code (with state and iss) and an ES384 ID token with profile, email and sid", async () => {
    const request = authorizationRequest(idp, APP_A, { direct_sign_in: "social:huggingface" });
    const { callbackUrl } = await signInThroughStandIn(request.url, { account: "ada" });

    expect(callbackUrl.origin + callbackUrl.pathname).toBe(APP_A.redirectUris[0]);
    expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
    expect(callbackUrl.searchParams.get("error")).toBeNull();

    const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBeGreaterThan(3500);
    expect(tokens.expires_in).toBeLessThanOrEqual(3600);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeTypeOf("string");

    expect(decodeProtectedHeader(tokens.id_token ?? "").alg).toBe("ES384");
    const claims = await verifyIdToken(idp, APP_A, tokens.id_token ?? "");
    expect(claims).toMatchObject({
      nonce: request.nonce,
      name: "Ada Lovelace",
      // Like Logto's Hugging Face connector: no username from a social sign-in.
      username: null,
      picture: `${idp.origin}/huggingface/avatars/ada.svg`,
      email: "ada@example.com",
      email_verified: true,
    });
    expect(claims.sub).toMatch(/^[0-9a-z]{12}$/);
    expect(claims.sid).toBeTypeOf("string");
    expect(claims.auth_time).toBeUndefined();
    // Logto's quirk: created_at / updated_at in milliseconds.
    expect(claims.created_at).toBeTypeOf("number");
    expect(claims.created_at as number).toBeGreaterThan(Date.now() - 60_000);
    expect(claims.created_at as number).toBeLessThanOrEqual(Date.now());
    expect(claims.updated_at as number).toBeGreaterThanOrEqual(claims.created_at as number);

    const userinfo = await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: claims.sub, username: null, email: "ada@example.com" });
  });

  it("gives Hugging Face's own profile in userinfo with the identities scope, and never in the ID token", async () => {
    const request = authorizationRequest(idp, APP_A, { scope: "openid profile email identities" });
    const { callbackUrl } = await signInThroughStandIn(request.url, { account: "ada" });
    const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
    const claims = await verifyIdToken(idp, APP_A, tokens.id_token ?? "");
    expect(claims.identities).toBeUndefined();
    const userinfo = (await (
      await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json()) as Record<string, unknown>;
    expect(userinfo.identities).toMatchObject({
      huggingface: {
        userId: "65a1f0c2d3e4b5a6c7d8e9f0",
        details: {
          id: "65a1f0c2d3e4b5a6c7d8e9f0",
          name: "Ada Lovelace",
          email: "ada@example.com",
          rawData: { preferred_username: "ada", name: "Ada Lovelace" },
        },
      },
    });
  });

  it("maps an account without name or picture as Logto does: name, username and picture null, email verified", async () => {
    const request = authorizationRequest(idp, APP_A);
    const { callbackUrl } = await signInThroughStandIn(request.url, { account: "linus" });
    const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
    const claims = await verifyIdToken(idp, APP_A, tokens.id_token ?? "");
    expect(claims).toMatchObject({ name: null, username: null, picture: null, email: "linus@example.com" });
    // Logto reports the email verified whatever Hugging Face said (LOGTO-OBSERVED).
    expect(claims.email_verified).toBe(true);
  });

  it("signs in any other typed username as a new user of its own, the same user each time", async () => {
    const signIn = async (account: string) => {
      const request = authorizationRequest(idp, APP_A);
      const { callbackUrl } = await signInThroughStandIn(request.url, { account });
      const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
      return verifyIdToken(idp, APP_A, tokens.id_token ?? "");
    };
    const first = await signIn("bench-user-1");
    expect(first).toMatchObject({
      username: null,
      name: null,
      email: "bench-user-1@example.com",
      email_verified: true,
    });
    expect(first.picture).toMatch(/\/huggingface\/avatars\/bench-user-1\.svg$/);
    const other = await signIn("bench-user-2");
    expect(other.sub).not.toBe(first.sub);
    expect((await signIn("bench-user-1")).sub).toBe(first.sub);
    await expect(signIn("Not_A_Username")).rejects.toThrow(
      /refused account "Not_A_Username".*cannot be a Hugging Face username/,
    );
  });

  it("renders the sign-in page with the app name when direct_sign_in is absent", async () => {
    const request = authorizationRequest(idp, APP_A);
    const jar = new CookieJar();
    const first = await fetch(request.url, { redirect: "manual" });
    jar.setFromResponse(request.url, first);
    expect(first.status).toBe(303);
    const interactionUrl = new URL(first.headers.get("location") ?? "", request.url);
    expect(interactionUrl.pathname).toMatch(/^\/interaction\/[\w-]+$/);

    const pageResponse = await fetch(interactionUrl, {
      headers: { cookie: jar.getCookieHeader(interactionUrl) ?? "" },
    });
    expect(pageResponse.status).toBe(200);
    const text = await pageResponse.text();
    expect(text).toContain("Sign in to App A");
    expect(text).toContain("Continue with Hugging Face");
  });

  it("rejects an authorization request without PKCE (error redirected to the app)", async () => {
    const url = new URL(authorizationRequest(idp, APP_A).url);
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe(APP_A.redirectUris[0]);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("rejects the plain PKCE method", async () => {
    const response = await fetch(authorizationRequest(idp, APP_A, { code_challenge_method: "plain" }).url, {
      redirect: "manual",
    });
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("rejects a token request with a wrong code_verifier", async () => {
    const request = authorizationRequest(idp, APP_A);
    const { callbackUrl } = await signInThroughStandIn(request.url);
    const { status, body } = await tokenRequest(idp, APP_A, {
      grant_type: "authorization_code",
      code: callbackUrl.searchParams.get("code") ?? "",
      redirect_uri: APP_A.redirectUris[0] ?? "",
      code_verifier: "x".repeat(43),
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_grant");
  });

  it("accepts client_secret_post as well as client_secret_basic", async () => {
    const request = authorizationRequest(idp, APP_A);
    const { callbackUrl } = await signInThroughStandIn(request.url);
    const response = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: callbackUrl.searchParams.get("code") ?? "",
        redirect_uri: APP_A.redirectUris[0] ?? "",
        code_verifier: request.verifier,
        client_id: APP_A.clientId,
        client_secret: APP_A.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id_token?: string }).id_token).toBeTypeOf("string");
  });

  it("delivers Deny at Hugging Face to the app as access_denied", async () => {
    const request = authorizationRequest(idp, APP_B, { direct_sign_in: "social:huggingface" });
    const { callbackUrl } = await signInThroughStandIn(request.url, { deny: true });
    expect(callbackUrl.origin + callbackUrl.pathname).toBe(APP_B.redirectUris[0]);
    expect(callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(callbackUrl.searchParams.get("error_description")).toMatch(/denied/i);
    expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
    expect(callbackUrl.searchParams.get("code")).toBeNull();
  });
});
