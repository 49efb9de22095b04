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

/** An account name the stand-in does not have: reaching its sign-in page would throw. */
const NO_HF_STEP = { account: "no-such-account-so-any-hugging-face-page-fails" };

describe("prompt=none and silent SSO", () => {
  it("answers login_required without an IdP session", async () => {
    const request = authorizationRequest(idp, APP_A, { prompt: "none" });
    const { callbackUrl } = await signInThroughStandIn(request.url, NO_HF_STEP);
    expect(callbackUrl.origin + callbackUrl.pathname).toBe(APP_A.redirectUris[0]);
    expect(callbackUrl.searchParams.get("error")).toBe("login_required");
    expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    expect(callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
  });

  it("answers consent_required for a second app without a grant, then a code after prompt=consent without Hugging Face", async () => {
    const jar = new CookieJar();
    const first = authorizationRequest(idp, APP_A, { direct_sign_in: "social:huggingface" });
    const signedIn = await signInThroughStandIn(first.url, { cookieJar: jar, account: "grace" });
    expect(signedIn.callbackUrl.searchParams.get("code")).toBeTruthy();
    expect(jar.get("_session")).toBeTruthy();
    expect(jar.get("_session.sig")).toBeTruthy();
    const subA = (
      await verifyIdToken(idp, APP_A, (await exchangeCode(idp, APP_A, signedIn.callbackUrl, first)).id_token ?? "")
    ).sub;

    const probe = authorizationRequest(idp, APP_B, { prompt: "none" });
    const probed = await signInThroughStandIn(probe.url, { cookieJar: jar, ...NO_HF_STEP });
    expect(probed.callbackUrl.origin + probed.callbackUrl.pathname).toBe(APP_B.redirectUris[0]);
    expect(probed.callbackUrl.searchParams.get("error")).toBe("consent_required");

    const consent = authorizationRequest(idp, APP_B, { prompt: "consent" });
    const consented = await signInThroughStandIn(consent.url, { cookieJar: jar, ...NO_HF_STEP });
    expect(consented.callbackUrl.searchParams.get("error")).toBeNull();
    const tokens = await exchangeCode(idp, APP_B, consented.callbackUrl, consent);
    const claims = await verifyIdToken(idp, APP_B, tokens.id_token ?? "");
    expect(claims.sub).toBe(subA);
    expect(claims.name).toBe("Grace Hopper");

    // Now that app B has a grant, prompt=none yields a code directly.
    const again = authorizationRequest(idp, APP_B, { prompt: "none" });
    const silent = await signInThroughStandIn(again.url, { cookieJar: jar, ...NO_HF_STEP });
    expect(silent.callbackUrl.searchParams.get("code")).toBeTruthy();
    expect(silent.callbackUrl.searchParams.get("iss")).toBe(idp.issuer);
  });

  it("signs a second app in through the IdP session without any Hugging Face page (no prompt)", async () => {
    const jar = new CookieJar();
    await signInThroughStandIn(authorizationRequest(idp, APP_A).url, { cookieJar: jar, account: "ada" });
    const request = authorizationRequest(idp, APP_B);
    const { callbackUrl } = await signInThroughStandIn(request.url, { cookieJar: jar, ...NO_HF_STEP });
    const tokens = await exchangeCode(idp, APP_B, callbackUrl, request);
    expect((await verifyIdToken(idp, APP_B, tokens.id_token ?? "")).name).toBe("Ada Lovelace");
  });
});

describe("offline_access and refresh tokens", () => {
  const scope = "openid offline_access profile email";

  it("issues no refresh token without prompt=consent, even when offline_access is requested", async () => {
    for (const extra of [{}, { prompt: "login" }] as Record<string, string>[]) {
      const request = authorizationRequest(idp, APP_A, { scope, ...extra });
      const { callbackUrl } = await signInThroughStandIn(request.url);
      const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
      expect(tokens.refresh_token).toBeUndefined();
      expect(tokens.scope.split(" ")).not.toContain("offline_access");
    }
  });

  it("issues a refresh token with prompt=consent and rotates it (the used one is rejected)", async () => {
    const request = authorizationRequest(idp, APP_A, { scope, prompt: "consent" });
    const { callbackUrl } = await signInThroughStandIn(request.url);
    const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
    expect(tokens.scope.split(" ")).toContain("offline_access");
    expect(tokens.refresh_token).toBeTypeOf("string");

    const first = await tokenRequest(idp, APP_A, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTypeOf("string");
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).toBeTypeOf("string");
    expect(first.body.id_token).toBeTypeOf("string");
    const claims = await verifyIdToken(idp, APP_A, first.body.id_token as string);
    expect(claims.name).toBe("Ada Lovelace");

    const reused = await tokenRequest(idp, APP_A, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("invalid_grant");

    // Reusing a rotated refresh token revokes the grant (replay protection), like oidc-provider does.
    const second = await tokenRequest(idp, APP_A, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token as string,
    });
    expect(second.status).toBe(400);
  });

  it("lets a client revoke its refresh token", async () => {
    const request = authorizationRequest(idp, APP_B, { scope, prompt: "consent" });
    const { callbackUrl } = await signInThroughStandIn(request.url);
    const tokens = await exchangeCode(idp, APP_B, callbackUrl, request);
    const revoke = await fetch(`${idp.issuer}/token/revocation`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${APP_B.clientId}:${APP_B.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: tokens.refresh_token ?? "", token_type_hint: "refresh_token" }),
    });
    expect(revoke.status).toBe(200);
    const refreshed = await tokenRequest(idp, APP_B, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe("invalid_grant");
  });

  it("refuses a client's revocation of another client's refresh token", async () => {
    const request = authorizationRequest(idp, APP_B, { scope, prompt: "consent" });
    const tokens = await exchangeCode(idp, APP_B, (await signInThroughStandIn(request.url)).callbackUrl, request);
    const revoke = await fetch(`${idp.issuer}/token/revocation`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${APP_A.clientId}:${APP_A.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: tokens.refresh_token ?? "", token_type_hint: "refresh_token" }),
    });
    expect(revoke.status).toBe(400);
    expect(((await revoke.json()) as { error?: string }).error).toBe("invalid_request");
    const refreshed = await tokenRequest(idp, APP_B, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    expect(refreshed.status).toBe(200);
  });
});
