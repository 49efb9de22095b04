/**
 * `verifyAccessToken` against real tokens of the real IdP, and against forged, expired and misdirected ones; the
 * answers RFC 6750 gives each.
 */
import { createHash, randomBytes } from "node:crypto";
import { CookieJar, signInThroughStandIn, startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AccessTokenError, accessTokenErrorResponse, createResourceServer } from "./verify-access-token.js";

const NOTES = "https://api.notes.test";
const OTHER = "https://api.other.test";
const client = {
  clientId: "api-test",
  clientSecret: "api-test-secret",
  name: "API test",
  redirectUris: ["http://localhost:4985/callback"],
  postLogoutRedirectUris: [],
};

let idp: TestIdp;
/** A real token for NOTES (read:notes) and one for OTHER, of the same user. */
let notesToken: string;
let otherToken: string;

beforeAll(async () => {
  idp = await startTestIdp([client], {
    rbacSeed: {
      resources: [
        { name: "Notes", indicator: NOTES, scopes: [{ name: "read:notes" }, { name: "write:notes" }] },
        { name: "Other", indicator: OTHER, scopes: [{ name: "read:other" }] },
      ],
      roles: [
        {
          name: "reader",
          description: "Every user",
          isDefault: true,
          scopes: [
            { indicator: NOTES, name: "read:notes" },
            { indicator: OTHER, name: "read:other" },
          ],
        },
      ],
    },
  });
  const jar = new CookieJar();
  notesToken = await tokenFor(jar, NOTES, "openid read:notes write:notes");
  otherToken = await tokenFor(jar, OTHER, "openid read:other");
});
afterAll(() => idp.stop());
afterEach(() => {
  vi.useRealTimers();
});

/** Signs in through the stand-in (consent passes for a first-party app) and exchanges the code for `resource`. */
async function tokenFor(jar: CookieJar, resource: string, scope: string): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0] ?? "",
    response_type: "code",
    scope,
    resource,
    prompt: "consent",
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const { callbackUrl } = await signInThroughStandIn(url.href, { account: "ada", cookieJar: jar });
  const response = await fetch(`${idp.issuer}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callbackUrl.searchParams.get("code") ?? "",
      redirect_uri: client.redirectUris[0] ?? "",
      code_verifier: verifier,
      resource,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const notesApi = () => createResourceServer({ issuer: idp.issuer, resource: NOTES });
const withHeader = (authorization?: string) =>
  new Request("http://api.test/notes", authorization ? { headers: { authorization } } : {});

/** What the API answers: 200 with the scopes, or the error response. */
async function answer(request: Request, scopes: string[] = ["read:notes"]): Promise<Response> {
  return notesApi()
    .verifyAccessToken(request, { scopes })
    .then((verified) => Response.json({ scopes: verified.scopes }))
    .catch((error: unknown) => accessTokenErrorResponse(error, NOTES));
}

describe("verifyAccessToken", () => {
  it("accepts Logto's token for this resource with the required scope", async () => {
    const verified = await notesApi().verifyAccessToken(withHeader(`Bearer ${notesToken}`), { scopes: ["read:notes"] });
    expect(verified).toMatchObject({ clientId: "api-test", scopes: ["read:notes"] });
    expect(verified.subject).toMatch(/^[a-z0-9]{12}$/);
    expect(verified.claims.aud).toBe(NOTES);
  });

  it("answers 401 without an error code to a request without a bearer token", async () => {
    for (const header of [undefined, `Basic ${Buffer.from("a:b").toString("base64")}`, "Bearer"]) {
      const response = await answer(withHeader(header));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="${NOTES}"`);
    }
  });

  it("answers 403 insufficient_scope, naming the scope, when the user's roles do not grant it", async () => {
    const response = await answer(withHeader(`Bearer ${notesToken}`), ["read:notes", "write:notes"]);
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(response.headers.get("www-authenticate")).toContain('scope="read:notes write:notes"');
    expect(await response.json()).toMatchObject({ error: "insufficient_scope" });
  });

  it("answers 401 invalid_token to a token for another resource, an expired one and forged ones", async () => {
    const [header, payload, signature] = notesToken.split(".") as [string, string, string];
    const claims = decodeJwt(notesToken);
    const { privateKey } = await generateKeyPair("ES384");
    const otherKeySigned = await new SignJWT(claims)
      .setProtectedHeader({ ...decodeProtectedHeader(notesToken), alg: "ES384" })
      .sign(privateKey);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const forged = {
      "for another resource": otherToken,
      "signed with another key under Logto's kid": otherKeySigned,
      "with alg none": `${b64({ alg: "none", typ: "at+jwt" })}.${payload}.`,
      "with a scope added to its payload": `${header}.${b64({ ...claims, scope: "read:notes write:notes" })}.${signature}`,
      "not a JWT": "opaque-token-value",
    };
    for (const [what, token] of Object.entries(forged)) {
      const response = await answer(withHeader(`Bearer ${token}`));
      expect(response.status, what).toBe(401);
      expect(response.headers.get("www-authenticate"), what).toMatch(/^Bearer realm="[^"]+", error="invalid_token"/);
      expect(await response.text(), what).not.toContain(token);
    }

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    const expired = await notesApi()
      .verifyAccessToken(withHeader(`Bearer ${notesToken}`))
      .catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(AccessTokenError);
    expect(expired).toMatchObject({ code: "access_token.invalid", status: 401 });
    expect((expired as Error).message).toContain('"exp"');
  });

  it("answers 503 while Logto's keys cannot be fetched, and rethrows what is not a token error", async () => {
    const down = createResourceServer({ issuer: "http://127.0.0.1:9/oidc", resource: NOTES });
    const error = await down.verifyAccessToken(withHeader(`Bearer ${notesToken}`)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "access_token.unverifiable", status: 503 });
    const response = accessTokenErrorResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    const bug = new TypeError("a bug");
    expect(() => accessTokenErrorResponse(bug)).toThrow(bug);
  });
});
