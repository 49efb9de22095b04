import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, type KeyObject, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogtoIssuerMetadata } from "./discovery.js";
import { verifyIdToken } from "./id-token.js";
import { LogtoClient } from "./logto-client.js";

const ISSUER = "https://tenant.logto.test/oidc";
const CLIENT_ID = "app";

let server: Server;
let metadata: LogtoIssuerMetadata;
let signingKey: KeyObject | CryptoKey;
/** Only its key set is used: the issuer is not served, the metadata below stands for its discovery document. */
const client = new LogtoClient({ issuer: ISSUER, clientId: CLIENT_ID, clientSecret: "the-client-secret" });

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES384");
  signingKey = privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES384", use: "sig" }] });
  server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  metadata = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    id_token_signing_alg_values_supported: ["ES384"],
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Verifies against `of`'s keys, fetched from its jwks_uri by the client. */
const verify = (idToken: string, options: { clientId: string; nonce?: string }, of: LogtoIssuerMetadata = metadata) =>
  verifyIdToken(idToken, of, client.keys(of), options);

/** The verification fails with `id_token.invalid` and a message saying which check. */
const expectRefused = (verification: Promise<unknown>, message: RegExp) =>
  expect(verification).rejects.toMatchObject({ code: "id_token.invalid", message: expect.stringMatching(message) });

function token(claims: JWTPayload = {}, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt) {
  const jwt = new SignJWT({ sub: "u1", name: "Ada", ...claims })
    .setProtectedHeader({ alg: "ES384", kid: "k1" })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime("1h");
  return build(jwt).sign(signingKey);
}

describe("verifyIdToken", () => {
  it("accepts a token signed by the issuer's key", async () => {
    const claims = await verify(await token({ nonce: "n1" }), { clientId: CLIENT_ID, nonce: "n1" });
    expect(claims).toMatchObject({ sub: "u1", name: "Ada", iss: ISSUER, aud: CLIENT_ID });
  });

  it("refuses another issuer", async () => {
    const idToken = await token({}, (jwt) => jwt.setIssuer("https://evil.example/oidc"));
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /"iss" claim/);
  });

  it("refuses a token issued to another client", async () => {
    const idToken = await token({}, (jwt) => jwt.setAudience("other-app"));
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /"aud" claim/);
  });

  it("refuses several audiences without this client as azp", async () => {
    const idToken = await token({ azp: "other-app" }, (jwt) => jwt.setAudience([CLIENT_ID, "other-app"]));
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /azp/);
  });

  it("refuses an expired token", async () => {
    const idToken = await token({}, (jwt) =>
      jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime("-1h"),
    );
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /"exp" claim/);
  });

  it("refuses a token without iat", async () => {
    const idToken = await new SignJWT({ sub: "u1" })
      .setProtectedHeader({ alg: "ES384", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience(CLIENT_ID)
      .setExpirationTime("1h")
      .sign(signingKey);
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /"iat" claim/);
  });

  it("refuses a nonce that is not the request's", async () => {
    const idToken = await token({ nonce: "other" });
    await expectRefused(verify(idToken, { clientId: CLIENT_ID, nonce: "n1" }), /nonce/);
  });

  it("refuses a token signed with another key", async () => {
    const { privateKey } = await generateKeyPair("ES384");
    const idToken = await new SignJWT({ sub: "u1" })
      .setProtectedHeader({ alg: "ES384", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience(CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /signature verification failed/);
  });

  it("refuses alg none", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const idToken = `${encode({ alg: "none" })}.${encode({ sub: "u1", iss: ISSUER, aud: CLIENT_ID, iat: now, exp: now + 60 })}.`;
    await expectRefused(verify(idToken, { clientId: CLIENT_ID }), /alg/i);
  });

  it("refuses an HMAC token signed with the client secret", async () => {
    const idToken = await new SignJWT({ sub: "u1" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("the-client-secret-the-client-secret"));
    await expectRefused(
      verify(
        idToken,
        { clientId: CLIENT_ID },
        { ...metadata, id_token_signing_alg_values_supported: ["ES384", "HS256"] },
      ),
      /alg/i,
    );
  });
});
