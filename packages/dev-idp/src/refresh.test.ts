import { describe, expect, it } from "vitest";
import type { TokenExchangeLogEntry } from "./logs.js";
import { APP_A, authorizationRequest, exchangeCode, tokenRequest, useTestIdp } from "./test-support.js";
import { signInThroughStandIn } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

async function signedIn() {
  const request = authorizationRequest(idp, APP_A, { scope: "openid offline_access profile email", prompt: "consent" });
  const { callbackUrl } = await signInThroughStandIn(request.url, { account: "ada" });
  return exchangeCode(idp, APP_A, callbackUrl, request);
}
const refresh = (refreshToken: string) =>
  tokenRequest(idp, APP_A, { grant_type: "refresh_token", refresh_token: refreshToken });
const userinfoStatus = async (accessToken: unknown) =>
  (await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${String(accessToken)}` } })).status;
const refreshLog = async () =>
  (await (
    await fetch(`${idp.origin}/api/logs?logKey=ExchangeTokenBy.RefreshToken&applicationId=${APP_A.clientId}`)
  ).json()) as TokenExchangeLogEntry[];

describe("refresh token rotation, as in Logto (oidc-provider's refresh_token grant)", () => {
  it("treats a second use of a rotated refresh token as theft: invalid_grant, and the whole grant is revoked", async () => {
    const tokens = await signedIn();
    const first = await refresh(tokens.refresh_token ?? "");
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(await userinfoStatus(first.body.access_token)).toBe(200);

    const second = await refresh(tokens.refresh_token ?? "");
    expect(second).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The winner's tokens die with the grant: the rotated refresh token and every access token of the grant.
    expect((await refresh(String(first.body.refresh_token))).body.error).toBe("invalid_grant");
    expect(await userinfoStatus(first.body.access_token)).toBe(401);
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
  });

  it("refuses all but one of several concurrent refreshes with one token, and revokes the grant", async () => {
    const tokens = await signedIn();
    const results = await Promise.all([1, 2, 3].map(() => refresh(tokens.refresh_token ?? "")));
    const succeeded = results.filter((result) => result.status === 200);
    expect(succeeded).toHaveLength(1);
    expect(await userinfoStatus(succeeded[0]?.body.access_token)).toBe(401);
  });

  it("lists token exchanges like Logto's audit log, newest first, with the sid of the grant", async () => {
    const tokens = await signedIn();
    const before = (await refreshLog()).length;
    await refresh(tokens.refresh_token ?? "");
    await refresh(tokens.refresh_token ?? "");
    const after = await refreshLog();
    const entries = after.slice(0, after.length - before);
    expect(entries.map((entry) => entry.payload.result)).toEqual(["Error", "Success"]);
    expect(entries[0]?.payload).toMatchObject({
      applicationId: APP_A.clientId,
      sid: entries[1]?.payload.sid,
      error: { error: "invalid_grant", error_description: "refresh token already used" },
    });
    expect(entries[1]?.payload.sid).toMatch(/\S+/);
    expect(JSON.stringify(entries)).not.toContain(tokens.refresh_token);
  });
});
