import { hkdfSync } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Auth, type AuthConfig, customFetch } from "@auth/core";
import { decode, encode } from "@auth/core/jwt";
import { CompactEncrypt, decodeProtectedHeader, EncryptJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AppCookies } from "../core/cookies.js";
import { authJsCookieNames, authJsCookiesOption, isSessionTokenCookie, writesSessionToken } from "./authjs-cookies.js";
import {
  AUTHJS_CHECK_MAX_AGE,
  decodeAuthJsToken,
  encodeAuthJsState,
  encodeAuthJsToken,
  sealCheckValue,
} from "./authjs-internals.js";

const secret = "a-secret-of-at-least-thirty-two-characters";
const salt = "authjs.session-token";
const token = { sub: "user-1", user: { id: "user-1", name: "Ada" }, accessTokenExpiresAt: 1_800_000_000 };

describe("Auth.js's token format with remembered keys", () => {
  it("writes what Auth.js reads", async () => {
    const written = await encodeAuthJsToken({ token, secret, salt, maxAge: 60 });
    expect(await decode({ token: written, secret, salt })).toMatchObject(token);
  });

  it("reads what Auth.js writes, with the same header and claims", async () => {
    const written = await encode({ token, secret, salt, maxAge: 60 });
    expect(await decodeAuthJsToken({ token: written, secret, salt })).toMatchObject(token);
    const ours = await encodeAuthJsToken({ token, secret, salt, maxAge: 60 });
    expect(decodeProtectedHeader(ours)).toEqual(decodeProtectedHeader(written));
    const claims = await decodeAuthJsToken({ token: ours, secret, salt });
    expect(claims?.exp).toBe((claims?.iat ?? 0) + 60);
    expect(claims?.jti).toEqual(expect.any(String));
  });

  it("refuses another secret, another salt, an expired token and a tampered one", async () => {
    const written = await encodeAuthJsToken({ token, secret, salt, maxAge: 60 });
    await expect(decodeAuthJsToken({ token: written, secret: `${secret}-other`, salt })).rejects.toThrow();
    await expect(decodeAuthJsToken({ token: written, secret, salt: "authjs.state" })).rejects.toThrow();
    const expired = await encodeAuthJsToken({ token, secret, salt, maxAge: -60 });
    await expect(decodeAuthJsToken({ token: expired, secret, salt })).rejects.toThrow();
    const parts = written.split(".");
    parts[3] = `${parts[3]!.startsWith("A") ? "B" : "A"}${parts[3]!.slice(1)}`;
    await expect(decodeAuthJsToken({ token: parts.join("."), secret, salt })).rejects.toThrow();
  });

  it("reads a token written under an older secret of a rotation list, and none without a token", async () => {
    const written = await encode({ token, secret: "an-older-secret-of-thirty-two-characters", salt });
    expect(
      await decodeAuthJsToken({ token: written, secret: [secret, "an-older-secret-of-thirty-two-characters"], salt }),
    ).toMatchObject(token);
    expect(await decodeAuthJsToken({ token: "", secret, salt })).toBeNull();
  });
});

describe("Auth.js's token format: what Auth.js accepts and refuses besides", () => {
  const keyFor = (length: number) =>
    new Uint8Array(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, length));

  it("reads the A256GCM tokens of Auth.js's earlier versions", async () => {
    const written = await new EncryptJWT(token)
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .setIssuedAt()
      .setExpirationTime("1m")
      .encrypt(keyFor(32));
    expect(await decodeAuthJsToken({ token: written, secret, salt })).toMatchObject(token);
  });

  it("refuses another algorithm, a token not valid yet and claims that are not an object", async () => {
    const notYet = await new EncryptJWT(token)
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .setNotBefore("1h")
      .encrypt(keyFor(64));
    await expect(decodeAuthJsToken({ token: notYet, secret, salt })).rejects.toThrow("not valid yet");
    const wrapped = await new EncryptJWT(token)
      .setProtectedHeader({ alg: "A256KW", enc: "A256CBC-HS512" })
      .encrypt(keyFor(32));
    await expect(decodeAuthJsToken({ token: wrapped, secret, salt })).rejects.toThrow("direct encryption");
    const array = await new CompactEncrypt(new TextEncoder().encode("[1]"))
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .encrypt(keyFor(64));
    await expect(decodeAuthJsToken({ token: array, secret, salt })).rejects.toThrow("not an object");
  });

  it("throws, never crashes, on any single character changed", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const written = await encodeAuthJsToken({ token, secret, salt, maxAge: 60 });
    for (let index = 0; index < written.length; index++) {
      if (written[index] === ".") continue;
      // The highest of the character's six bits: the last character of a part may carry no more than that.
      const flipped = alphabet[alphabet.indexOf(written[index]!) ^ 32];
      const changed = `${written.slice(0, index)}${flipped}${written.slice(index + 1)}`;
      await expect(decodeAuthJsToken({ token: changed, secret, salt })).rejects.toThrow(/^Auth\.js token: /);
    }
  });
});

/**
 * `@auth/core`'s own `defaultCookies`, which its exports map does not expose: loaded from the file next to its entry,
 * so that the pin follows the installed version.
 */
async function authCoreDefaultCookies(): Promise<(secure: boolean) => Record<string, { name: string }>> {
  const entry = createRequire(import.meta.url).resolve("@auth/core");
  const module = (await import(pathToFileURL(join(dirname(entry), "lib/utils/cookie.js")).href)) as {
    defaultCookies: (secure: boolean) => Record<string, { name: string }>;
  };
  return module.defaultCookies;
}

/**
 * An OIDC provider that asks for every check Auth.js has, at an issuer that is never reached (discovery is answered
 * here).
 */
function signInConfig(useSecureCookies: boolean): AuthConfig {
  const issuer = "https://logto.example/oidc";
  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
  };
  return {
    secret,
    trustHost: true,
    useSecureCookies,
    cookies: authJsCookiesOption(namesFor(useSecureCookies)),
    basePath: "/api/auth",
    logger: { error() {}, warn() {}, debug() {} },
    providers: [
      {
        id: "logto",
        name: "Logto",
        type: "oidc",
        issuer,
        clientId: "app",
        clientSecret: "app-secret",
        checks: ["pkce", "state", "nonce"],
        [customFetch]: async () => Response.json(metadata),
      } as never,
    ],
  };
}

/** The Auth.js cookie names of an app named "shop". */
function namesFor(secure: boolean) {
  return authJsCookieNames(new AppCookies({ appUrl: secure ? "https://app.example" : "http://app.example" }, "shop"));
}

/** The names of the cookies Auth.js sets while it starts a sign-in (CSRF, callback URL, state, PKCE, nonce). */
async function namesSetAtSignIn(useSecureCookies: boolean): Promise<string[]> {
  const origin = useSecureCookies ? "https://app.example" : "http://app.example";
  const config = signInConfig(useSecureCookies);
  const csrf = await Auth(new Request(`${origin}/api/auth/csrf`), config);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const signIn = await Auth(
    new Request(`${origin}/api/auth/signin/logto`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${origin}/after` }),
    }),
    config,
  );
  expect(signIn.status).toBe(302);
  const names = [...csrf.headers.getSetCookie(), ...signIn.headers.getSetCookie()].map((header) =>
    header.slice(0, header.indexOf("=")),
  );
  return [...new Set(names)];
}

describe("Auth.js's cookie names", () => {
  it.each([false, true])("follow the app's name: every cookie Auth.js sets at sign-in (secure %s)", async (secure) => {
    const names = namesFor(secure);
    const set = await namesSetAtSignIn(secure);
    expect(set.sort()).toEqual(
      [names.csrfToken, names.callbackUrl, names.state, names.pkceCodeVerifier, names.nonce].sort(),
    );
    for (const name of set) expect(name).toMatch(secure ? /^__Host-shop-/ : /^shop-/);
  });

  it("cover every cookie @auth/core has", async () => {
    const defaults = (await authCoreDefaultCookies())(false);
    expect(Object.keys(namesFor(false)).sort()).toEqual(Object.keys(defaults).sort());
  });

  it("stay apart for two apps on one host", () => {
    const web = authJsCookieNames(new AppCookies({ appUrl: "http://localhost:3000" }, "web"));
    const shop = namesFor(false);
    for (const key of Object.keys(web) as (keyof typeof web)[]) expect(web[key]).not.toBe(shop[key]);
  });

  it("tell the session cookie and its chunks from the others", () => {
    for (const secure of [false, true]) {
      const names = namesFor(secure);
      const { sessionToken, callbackUrl } = names;
      expect(isSessionTokenCookie(names, sessionToken)).toBe(true);
      expect(isSessionTokenCookie(names, `${sessionToken}.1`)).toBe(true);
      expect(isSessionTokenCookie(names, `${sessionToken}-x`)).toBe(false);
      expect(isSessionTokenCookie(names, callbackUrl)).toBe(false);
      expect(isSessionTokenCookie(names, "authjs.session-token")).toBe(false);
      expect(writesSessionToken(names, `${sessionToken}=abc; Path=/`)).toBe(true);
      expect(writesSessionToken(names, `${sessionToken}=; Max-Age=0`)).toBe(false);
    }
  });
});

describe("Auth.js's check cookies and encoded state", () => {
  it(
    "seals a state or PKCE value as @auth/core's checks " + "read it: { value, provider } under the cookie's name",
    async () => {
      for (const secure of [false, true]) {
        const { state, pkceCodeVerifier } = namesFor(secure);
        for (const name of [state, pkceCodeVerifier]) {
          const sealed = await sealCheckValue(name, "the-value", "logto", secret);
          const claims = await decode({ token: sealed, secret, salt: name });
          expect(claims).toMatchObject({ value: "the-value", provider: "logto" });
          expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(AUTHJS_CHECK_MAX_AGE);
          await expect(
            decode({ token: sealed, secret, salt: name === state ? pkceCodeVerifier : state }),
          ).rejects.toThrow();
        }
      }
    },
  );

  it(
    "encodes the state parameter as @auth/core's state.create " + "does: a random value under the salt encodedState",
    async () => {
      const encoded = await encodeAuthJsState(secret);
      const claims = await decode({ token: encoded, secret, salt: "encodedState" });
      expect(claims?.random).toMatch(/^[\w-]{43}$/);
      expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(AUTHJS_CHECK_MAX_AGE);
      expect(await encodeAuthJsState(secret)).not.toBe(encoded);
    },
  );
});
