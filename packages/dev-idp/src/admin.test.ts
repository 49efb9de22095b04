import { describe, expect, it } from "vitest";
import { APP_A, authorizationRequest, exchangeCode, tokenRequest, useTestIdp, verifyIdToken } from "./test-support.js";
import { CookieJar, signInThroughStandIn } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

const scope = "openid offline_access profile email";

/** A signed-in user with a refresh token and an IdP session in `jar`. */
async function signedIn(account: string) {
  const jar = new CookieJar();
  const request = authorizationRequest(idp, APP_A, { scope, prompt: "consent" });
  const { callbackUrl } = await signInThroughStandIn(request.url, { account, cookieJar: jar });
  const tokens = await exchangeCode(idp, APP_A, callbackUrl, request);
  const { sub } = await verifyIdToken(idp, APP_A, tokens.id_token ?? "");
  return { jar, tokens, userId: sub as string };
}

const userinfoStatus = async (accessToken: string) =>
  (await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${idp.origin}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });

describe("Management API actions that Logto does not announce to the apps", () => {
  it("suspending a user ends their tokens and IdP session, and refuses their next sign-in", async () => {
    const { jar, tokens, userId } = await signedIn("grace");
    expect(await userinfoStatus(tokens.access_token)).toBe(200);

    const suspend = await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: true });
    expect(suspend.status).toBe(200);
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    const refresh = await tokenRequest(idp, APP_A, { grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" });
    expect(refresh.body.error).toBe("invalid_grant");
    const silent = authorizationRequest(idp, APP_A, { prompt: "none" });
    expect((await signInThroughStandIn(silent.url, { cookieJar: jar })).callbackUrl.searchParams.get("error")).toBe("login_required");
    const again = authorizationRequest(idp, APP_A);
    expect((await signInThroughStandIn(again.url, { account: "grace" })).callbackUrl.searchParams.get("error")).toBe("access_denied");

    expect((await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: false })).status).toBe(200);
    const reinstated = authorizationRequest(idp, APP_A);
    expect((await signInThroughStandIn(reinstated.url, { account: "grace" })).callbackUrl.searchParams.get("code")).toBeTruthy();
  });

  it("revoking a user's sessions ends their tokens and IdP session", async () => {
    const { jar, tokens, userId } = await signedIn("ada");
    const revoke = await admin("DELETE", `/api/users/${userId}/sessions`);
    expect(revoke.status).toBe(200);
    expect(((await revoke.json()) as { revoked: number }).revoked).toBeGreaterThan(0);
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    const silent = authorizationRequest(idp, APP_A, { prompt: "none" });
    expect((await signInThroughStandIn(silent.url, { cookieJar: jar })).callbackUrl.searchParams.get("error")).toBe("login_required");
  });

  it("answers bad requests with JSON errors", async () => {
    expect((await admin("DELETE", "/api/users/nobody/sessions")).status).toBe(404);
    const { userId } = await signedIn("ada");
    expect((await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: "yes" })).status).toBe(400);
    const notJson = await fetch(`${idp.origin}/api/users/${userId}/is-suspended`, { method: "PATCH", body: "isSuspended=true" });
    expect(notJson.status).toBe(415);
    expect(await notJson.json()).toMatchObject({ error: "invalid_request" });
  });
});
