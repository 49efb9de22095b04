import { startTestIdp } from "@logto-hf/dev-idp/testing";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  endIdpSession,
  signInWithIdp,
  startReceiver,
  startTestIssuer,
  type TestIssuer,
  type TokenOverrides,
} from "../test-support/logout.js";
import {
  BACKCHANNEL_LOGOUT_EVENT,
  LogoutTokenError,
  type LogoutTokenErrorReason,
  verifyLogoutToken,
} from "./logout-token.js";
import { LogtoClient } from "./logto-client.js";

const now = () => Math.floor(Date.now() / 1000);

let issuer: TestIssuer;
/** The app's client of the test issuer: its key set is the issuer's JWKS. */
let appClient: LogtoClient;
beforeAll(async () => {
  issuer = await startTestIssuer("app");
  appClient = new LogtoClient({ issuer: issuer.issuer, clientId: "app", clientSecret: "app-secret" });
});
afterAll(() => issuer.stop());

const verify = (token: string, options: { maxAgeSeconds?: number; clockTolerance?: number } = {}) =>
  verifyLogoutToken(token, issuer.metadata, appClient.keys(issuer.metadata), { clientId: "app", ...options });

async function rejection(token: string | Promise<string>): Promise<LogoutTokenError> {
  const error = await verify(await token).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(LogoutTokenError);
  expect(error).toMatchObject({ code: "logout_token.invalid" });
  return error as LogoutTokenError;
}

describe("verifyLogoutToken", () => {
  it("accepts a logout token like Logto 1.37's (no exp) and returns its claims", async () => {
    const iat = now() - 5;
    const claims = await verify(await issuer.sign({ claims: { iat, jti: "j1", sid: "s1", sub: "u1" } }));
    expect(claims).toEqual({ iss: issuer.issuer, aud: "app", iat, jti: "j1", sid: "s1", sub: "u1" });
  });

  it("accepts exp in the future, several audiences, only a sub, and the media-type form of typ", async () => {
    const exp = now() + 120;
    const claims = await verify(
      await issuer.sign({
        claims: { exp, aud: ["other", "app"], sid: undefined },
        header: { typ: "Application/Logout+JWT" },
      }),
    );
    expect(claims).toMatchObject({ exp, aud: ["other", "app"], sub: "user-1" });
    expect(claims).not.toHaveProperty("sid");
  });

  const cases: [LogoutTokenErrorReason, string, () => Promise<string>, RegExp][] = [
    ["malformed", "is not a JWT", async () => "not-a-token", /not a signed JWT/],
    ["malformed", "has a sid that is not a string", () => issuer.sign({ claims: { sid: 42 } }), /must be strings/],
    [
      "bad_signature",
      "is signed by another key",
      async () => {
        const { privateKey } = await generateKeyPair("ES384");
        return new SignJWT({
          iss: issuer.issuer,
          aud: "app",
          iat: now(),
          jti: "j",
          sid: "s",
          events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
        })
          .setProtectedHeader({ alg: "ES384", kid: "k1", typ: "logout+jwt" })
          .sign(privateKey);
      },
      /not signed by the issuer/,
    ],
    [
      "bad_signature",
      "is an HMAC token",
      () =>
        new SignJWT({
          iss: issuer.issuer,
          aud: "app",
          iat: now(),
          jti: "j",
          sid: "s",
          events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
        })
          .setProtectedHeader({ alg: "HS256", typ: "logout+jwt" })
          .sign(new TextEncoder().encode("the-client-secret-the-client-secret")),
      /not signed by the issuer/,
    ],
    ["wrong_typ", "has typ JWT", () => issuer.sign({ header: { typ: "JWT" } }), /typ is "JWT"/],
    [
      "wrong_typ",
      "has no typ (an ID token)",
      () => issuer.sign({ header: { typ: undefined } }),
      /expected "logout\+jwt"/,
    ],
    [
      "wrong_issuer",
      "comes from another issuer",
      () => issuer.sign({ claims: { iss: "https://evil.example/oidc" } }),
      /issuer/,
    ],
    ["wrong_audience", "is for another app", () => issuer.sign({ claims: { aud: "other-app" } }), /App ID "app"/],
    ["missing_iat", "has no iat", () => issuer.sign({ claims: { iat: undefined } }), /no iat/],
    ["iat_in_future", "is issued in the future", () => issuer.sign({ claims: { iat: now() + 300 } }), /future/],
    ["not_yet_valid", "has nbf in the future", () => issuer.sign({ claims: { nbf: now() + 300 } }), /nbf/],
    [
      "too_old",
      "is older than maxAgeSeconds, without exp",
      () => issuer.sign({ claims: { iat: now() - 200 } }),
      /at most 120 s/,
    ],
    ["expired", "has exp in the past", () => issuer.sign({ claims: { iat: now() - 100, exp: now() - 60 } }), /expired/],
    ["missing_jti", "has no jti", () => issuer.sign({ claims: { jti: undefined } }), /no jti/],
    ["missing_events", "has no events", () => issuer.sign({ claims: { events: undefined } }), /events/],
    [
      "missing_events",
      "has events as an array",
      () => issuer.sign({ claims: { events: [BACKCHANNEL_LOGOUT_EVENT] } }),
      /events/,
    ],
    [
      "missing_events",
      "has the event with a non-object value",
      () => issuer.sign({ claims: { events: { [BACKCHANNEL_LOGOUT_EVENT]: true } } }),
      /object value/,
    ],
    ["has_nonce", "has a nonce", () => issuer.sign({ claims: { nonce: "n" } }), /nonce/],
    [
      "missing_sid_and_sub",
      "has neither sid nor sub",
      () => issuer.sign({ claims: { sid: undefined, sub: undefined } }),
      /neither/,
    ],
  ];

  it.each(cases)("refuses with %s a token that %s", async (reason, _what, token, message) => {
    const error = await rejection(token());
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  it("honours maxAgeSeconds and clockTolerance", async () => {
    const token = await issuer.sign({ claims: { iat: now() - 50 } } satisfies TokenOverrides);
    await expect(verify(token)).resolves.toMatchObject({ jti: expect.any(String) });
    await expect(verify(token, { maxAgeSeconds: 10, clockTolerance: 0 })).rejects.toMatchObject({
      reason: "too_old",
    });
  });
});

describe("LogtoClient.verifyLogoutToken against apps/idp", () => {
  const APP = "http://localhost:4997";
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  let client: {
    clientId: string;
    clientSecret: string;
    name: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    backchannelLogoutUri: string;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    client = {
      clientId: "logout-token-test",
      clientSecret: "logout-token-test-secret",
      name: "Logout token test",
      redirectUris: [`${APP}/callback`],
      postLogoutRedirectUris: [`${APP}/`],
      backchannelLogoutUri: receiver.url,
    };
    idp = await startTestIdp([client]);
  });
  afterAll(async () => {
    await idp?.stop();
    await receiver?.stop();
  });

  it("validates the logout token the IdP posts when its session ends, and its sid is the ID token's", async () => {
    const { idToken, claims: idClaims, cookieJar } = await signInWithIdp(idp, client);
    expect(idClaims.sid).toEqual(expect.any(String));

    const delivered = receiver.next();
    const { redirectUrl } = await endIdpSession(idp, client, idToken, cookieJar);
    expect(redirectUrl?.href).toBe(`${APP}/`);
    const { contentType, body } = await delivered;
    expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);

    const logto = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
    const claims = await logto.verifyLogoutToken(body.get("logout_token") ?? "");
    expect(claims.sid).toBe(idClaims.sid);
    expect(claims.sub).toBe(idClaims.sub);
    expect(claims).toMatchObject({ iss: idp.issuer, aud: client.clientId, jti: expect.any(String) });
  });
});
