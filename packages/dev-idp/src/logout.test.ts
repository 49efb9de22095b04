import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_A, authorizationRequest, exchangeCode, tokenRequest, verifyIdToken } from "./test-support.js";
import { startTestIdp, type TestIdp } from "./testing/test-idp.js";
import { CookieJar, parseForms, signInThroughStandIn, signOutThroughIdp } from "./testing.js";
import type { IdpClient } from "./types.js";

interface Delivery {
  path: string;
  contentType: string | undefined;
  body: URLSearchParams;
}

let receiver: Server;
let receiverOrigin: string;
const deliveries: Delivery[] = [];

let idp: TestIdp;
let APP_C: IdpClient;
let APP_D: IdpClient;
let APP_SLOW: IdpClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    if (req.url === "/hang") return; // never answers: the IdP must time out (2.5 s)
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        body: new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
      });
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverOrigin = `http://localhost:${(receiver.address() as AddressInfo).port}`;

  const client = (id: string, backchannelPath: string): IdpClient => ({
    clientId: id,
    clientSecret: `${id}-secret`,
    name: id,
    redirectUris: [`http://localhost:4200/${id}/callback`],
    postLogoutRedirectUris: [`http://localhost:4200/${id}/`],
    backchannelLogoutUri: `${receiverOrigin}${backchannelPath}`,
  });
  APP_C = client("app-c", "/c/backchannel");
  APP_D = client("app-d", "/d/backchannel");
  APP_SLOW = client("app-slow", "/hang");

  idp = await startTestIdp([APP_A, APP_C, APP_D, APP_SLOW]);
});

afterAll(async () => {
  await idp?.stop();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()) ?? resolve());
});

describe("RP-initiated and back-channel logout", () => {
  it("renders a self-submitting logout page that works without JavaScript too", async () => {
    const jar = new CookieJar();
    const request = authorizationRequest(idp, APP_C);
    const { callbackUrl } = await signInThroughStandIn(request.url, { cookieJar: jar });
    const tokens = await exchangeCode(idp, APP_C, callbackUrl, request);

    const url = new URL(`${idp.issuer}/session/end`);
    url.search = new URLSearchParams({
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: APP_C.postLogoutRedirectUris[0] ?? "",
    }).toString();
    const response = await fetch(url, { headers: { cookie: jar.getCookieHeader(url) ?? "", accept: "text/html" } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/form\.submit\(\)/);
    expect(text).toMatch(/input\.name = "logout"; input\.value = "yes"/);
    const form = parseForms(text).find((f) => f.id === "op.logoutForm");
    expect(form?.method).toBe("POST");
    expect(form?.hidden.map(([name]) => name)).toContain("xsrf");
    expect(form?.buttons).toContainEqual(expect.objectContaining({ name: "logout", value: "yes", text: "Sign out" }));
  });

  it("ends the whole session, posts logout tokens with sid to every app of the session, and 303s to the post-logout URI", async () => {
    deliveries.length = 0;
    const jar = new CookieJar();
    const scope = "openid offline_access profile email";

    const requestC = authorizationRequest(idp, APP_C, {
      scope,
      prompt: "consent",
      direct_sign_in: "social:huggingface",
    });
    const tokensC = await exchangeCode(
      idp,
      APP_C,
      (await signInThroughStandIn(requestC.url, { cookieJar: jar })).callbackUrl,
      requestC,
    );
    const requestD = authorizationRequest(idp, APP_D);
    const tokensD = await exchangeCode(
      idp,
      APP_D,
      (await signInThroughStandIn(requestD.url, { cookieJar: jar, account: "none" })).callbackUrl,
      requestD,
    );
    const requestA = authorizationRequest(idp, APP_A); // its back-channel endpoint is unreachable
    await signInThroughStandIn(requestA.url, { cookieJar: jar, account: "none" });

    const claimsC = await verifyIdToken(idp, APP_C, tokensC.id_token ?? "");
    const claimsD = await verifyIdToken(idp, APP_D, tokensD.id_token ?? "");
    expect(claimsC.sid).toBeTypeOf("string");
    expect(claimsD.sid).toBeTypeOf("string");
    expect(tokensC.refresh_token).toBeTypeOf("string");

    const endSession = new URL(`${idp.issuer}/session/end`);
    endSession.search = new URLSearchParams({
      id_token_hint: tokensC.id_token ?? "",
      post_logout_redirect_uri: APP_C.postLogoutRedirectUris[0] ?? "",
      state: "bye",
    }).toString();
    const { redirectUrl } = await signOutThroughIdp(endSession.href, { cookieJar: jar });
    expect(redirectUrl?.href).toBe(`${APP_C.postLogoutRedirectUris[0]}?state=bye`);

    const byPath = new Map(deliveries.map((d) => [d.path, d]));
    expect([...byPath.keys()].sort()).toEqual(["/c/backchannel", "/d/backchannel"]);

    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    for (const [client, claims, path] of [
      [APP_C, claimsC, "/c/backchannel"],
      [APP_D, claimsD, "/d/backchannel"],
    ] as const) {
      const delivery = byPath.get(path);
      expect(delivery?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      const logoutToken = delivery?.body.get("logout_token") ?? "";
      expect(decodeProtectedHeader(logoutToken)).toMatchObject({ alg: "ES384", typ: "logout+jwt" });
      const { payload } = await jwtVerify(logoutToken, jwks, {
        issuer: idp.issuer,
        audience: client.clientId,
        typ: "logout+jwt",
      });
      expect(payload.sub).toBe(claims.sub);
      expect(payload.sid).toBe(claims.sid);
      expect(payload.jti).toBeTypeOf("string");
      expect(payload.iat).toBeTypeOf("number");
      expect(payload.events).toEqual({ "http://schemas.openid.net/event/backchannel-logout": {} });
      expect(payload).not.toHaveProperty("nonce");
      // Like Logto 1.37 (oidc-provider < 8.8.1): no exp; apps bound the token's age by iat.
      expect(payload).not.toHaveProperty("exp");
    }

    // The IdP session is gone: a silent probe finds no session.
    const probe = authorizationRequest(idp, APP_D, { prompt: "none" });
    const probed = await signInThroughStandIn(probe.url, { cookieJar: jar, account: "none" });
    expect(probed.callbackUrl.searchParams.get("error")).toBe("login_required");

    // Refresh tokens (offline_access) survive the logout; apps revoke their own.
    const refreshed = await tokenRequest(idp, APP_C, {
      grant_type: "refresh_token",
      refresh_token: tokensC.refresh_token ?? "",
    });
    expect(refreshed.status).toBe(200);
  });

  it("does not let a hanging back-channel endpoint block the logout for more than ~2.5 s", async () => {
    const jar = new CookieJar();
    const request = authorizationRequest(idp, APP_SLOW);
    const tokens = await exchangeCode(
      idp,
      APP_SLOW,
      (await signInThroughStandIn(request.url, { cookieJar: jar })).callbackUrl,
      request,
    );
    const endSession = new URL(`${idp.issuer}/session/end`);
    endSession.search = new URLSearchParams({
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: APP_SLOW.postLogoutRedirectUris[0] ?? "",
    }).toString();
    const started = Date.now();
    const { redirectUrl } = await signOutThroughIdp(endSession.href, { cookieJar: jar });
    const elapsed = Date.now() - started;
    expect(redirectUrl?.href).toBe(APP_SLOW.postLogoutRedirectUris[0]);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(5000);
  });

  it("shows its own signed-out page when no post_logout_redirect_uri is given", async () => {
    const jar = new CookieJar();
    await signInThroughStandIn(authorizationRequest(idp, APP_A).url, { cookieJar: jar });
    const { redirectUrl } = await signOutThroughIdp(`${idp.issuer}/session/end`, { cookieJar: jar });
    expect(redirectUrl).toBeUndefined();
    const probe = await signInThroughStandIn(authorizationRequest(idp, APP_A, { prompt: "none" }).url, {
      cookieJar: jar,
      account: "none",
    });
    expect(probe.callbackUrl.searchParams.get("error")).toBe("login_required");
  });
});
