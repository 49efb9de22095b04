/**
 * What this package reproduces of Auth.js (`@auth/core`, the exact version in the package's peer dependencies), fenced
 * in one file: its token format (session cookie and check cookies), its cookie names, and how its sign-in keeps state
 * and PKCE. `authjs-internals.test.ts` pins each against `@auth/core` itself, so a change there fails a test here.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from "node:crypto";
import { LogtoError } from "../errors.js";

/** What Auth.js's `jwt.encode` receives (`@auth/core/jwt`'s `JWTEncodeParams`). */
interface EncodeParams {
  token?: Record<string, unknown>;
  secret: string | string[];
  salt: string;
  maxAge?: number;
}

/** What Auth.js's `jwt.decode` receives (`@auth/core/jwt`'s `JWTDecodeParams`). */
interface DecodeParams {
  token?: string;
  secret: string | string[];
  salt: string;
}

/** The claims of a token Auth.js writes: the app's own, plus these. */
interface AuthJsTokenClaims extends Record<string, unknown> {
  iat?: number;
  exp?: number;
  jti?: string;
}

interface DerivedKey {
  key: Buffer;
  thumbprint: string;
}

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
/** What Auth.js's `decode` allows for `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE = 15;
/** Auth.js writes A256CBC-HS512 and reads A256GCM too (the format of its earlier versions). */
const KEY_LENGTHS = { "A256CBC-HS512": 64, A256GCM: 32 } as const;
type Encryption = keyof typeof KEY_LENGTHS;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const derivedKeys = new Map<string, DerivedKey>();

/**
 * The encryption key Auth.js derives from the secret for one salt (the cookie's name), and its JWK thumbprint (the
 * token's `kid`, RFC 7638). Auth.js derives both anew for every cookie it reads or writes; they never change for a
 * secret and a salt, so they are derived once per process here.
 */
function derivedKey(secret: string, salt: string, enc: Encryption): DerivedKey {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  let derived = derivedKeys.get(id);
  if (!derived) {
    const key = Buffer.from(
      hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, KEY_LENGTHS[enc]),
    );
    const jwk = JSON.stringify({ k: key.toString("base64url"), kty: "oct" });
    derived = {
      key,
      thumbprint: createHash(`sha${key.byteLength << 3}`)
        .update(jwk)
        .digest("base64url"),
    };
    derivedKeys.set(id, derived);
  }
  return derived;
}

const secrets = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

/**
 * The authentication tag of A256CBC-HS512 (RFC 7518, 5.2.2.1): HMAC-SHA-512 over AAD, IV, ciphertext and AAD's bit
 * length, halved.
 */
function cbcHmacTag(macKey: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  return createHmac("sha512", macKey)
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(aadBits)
    .digest()
    .subarray(0, 32);
}

/**
 * Auth.js's own token format (`@auth/core/jwt`: a compact JWE, `dir` + `A256CBC-HS512`, the key derived with HKDF from
 * the secret and the salt, `kid` its thumbprint), with `node:crypto` in place of `jose`'s WebCrypto calls, each an
 * asynchronous job, which made reading the session cookie about 0.5 ms and writing one about 0.3 ms: what
 * {@link authJsJwt} gives Auth.js for the session cookie, and the probe for its check cookies.
 */
export async function encodeAuthJsToken({
  token = {},
  secret,
  salt,
  maxAge = DEFAULT_MAX_AGE,
}: EncodeParams): Promise<string> {
  const [first = ""] = secrets(secret);
  const { key, thumbprint } = derivedKey(first, salt, "A256CBC-HS512");
  const now = Math.floor(Date.now() / 1000);
  const claims: AuthJsTokenClaims = { ...token, iat: now, exp: now + maxAge, jti: randomUUID() };
  const header = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256CBC-HS512", kid: thumbprint })).toString(
    "base64url",
  );
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.subarray(32), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), "utf8"), cipher.final()]);
  const tag = cbcHmacTag(key.subarray(0, 32), Buffer.from(header, "ascii"), iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

/**
 * Reads a token of {@link encodeAuthJsToken}'s (or Auth.js's) format, under any secret of a rotation list; `null`
 * without one, throws on a bad one (tampered, another secret or salt, expired), as Auth.js's `decode` does.
 */
export async function decodeAuthJsToken({ token, secret, salt }: DecodeParams): Promise<AuthJsTokenClaims | null> {
  if (!token) return null;
  const parts = token.split(".");
  const [encodedHeader = "", encryptedKey, encodedIv = "", encodedCiphertext = "", encodedTag = ""] = parts;
  if (parts.length !== 5 || encryptedKey !== "" || !parts.every((part) => BASE64URL.test(part)))
    throw invalid("not a compact JWE with direct encryption");
  const header = parseObject(Buffer.from(encodedHeader, "base64url").toString("utf8"), "header");
  const { alg, enc, kid } = header;
  if (alg !== "dir" || (enc !== "A256CBC-HS512" && enc !== "A256GCM") || "crit" in header || "zip" in header) {
    throw invalid(`unsupported header (alg ${String(alg)}, enc ${String(enc)})`);
  }
  const candidate = secrets(secret)
    .map((each) => derivedKey(each, salt, enc))
    .find(({ thumbprint }) => kid === undefined || kid === thumbprint);
  if (!candidate) throw invalid("no matching decryption secret");

  const aad = Buffer.from(encodedHeader, "ascii");
  const iv = Buffer.from(encodedIv, "base64url");
  const ciphertext = Buffer.from(encodedCiphertext, "base64url");
  const tag = Buffer.from(encodedTag, "base64url");
  const plaintext =
    enc === "A256GCM"
      ? openGcm(candidate.key, aad, iv, ciphertext, tag)
      : openCbcHmac(candidate.key, aad, iv, ciphertext, tag);
  const claims = parseObject(plaintext.toString("utf8"), "claims");
  checkTimes(claims);
  return claims as AuthJsTokenClaims;
}

function openCbcHmac(key: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  // The tag is checked, in constant time, before anything is decrypted.
  if (
    iv.length !== 16 ||
    tag.length !== 32 ||
    !timingSafeEqual(cbcHmacTag(key.subarray(0, 32), aad, iv, ciphertext), tag)
  ) {
    throw invalid("decryption failed");
  }
  const decipher = createDecipheriv("aes-256-cbc", key.subarray(32), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

function openGcm(key: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  if (iv.length !== 12 || tag.length !== 16) throw invalid("decryption failed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(aad).setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw invalid("decryption failed");
  }
}

function parseObject(json: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid(`the ${what} is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`the ${what} is not an object`);
  return value as Record<string, unknown>;
}

/** `jose`'s checks of a JWT's times, with Auth.js's tolerance. */
function checkTimes({ iat, exp, nbf }: Record<string, unknown>): void {
  for (const [name, value] of Object.entries({ iat, exp, nbf })) {
    if (value !== undefined && typeof value !== "number") throw invalid(`"${name}" is not a number`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof exp === "number" && exp <= now - CLOCK_TOLERANCE) throw invalid("expired");
  if (typeof nbf === "number" && nbf > now + CLOCK_TOLERANCE) throw invalid("not valid yet");
}

/** Auth.js's `jwt` option: its session-cookie format, each derived key computed once per process. */
export const authJsJwt = { encode: encodeAuthJsToken, decode: decodeAuthJsToken };

function invalid(message: string): LogtoError {
  return new LogtoError("session_token.invalid", `Auth.js token: ${message}`);
}

/** How long Auth.js keeps its state and PKCE cookies (`@auth/core`'s checks), in seconds. */
export const AUTHJS_CHECK_MAX_AGE = 15 * 60;

/**
 * The value of a state or PKCE check cookie, as `@auth/core`'s checks seal it: the value and the provider's id,
 * encrypted under the cookie's own name as salt.
 */
export function sealCheckValue(cookieName: string, value: string, providerId: string, secret: string): Promise<string> {
  const token = { value, provider: providerId };
  return encodeAuthJsToken({ token, secret, salt: cookieName, maxAge: AUTHJS_CHECK_MAX_AGE });
}

/** The encoded `state` parameter of an Auth.js sign-in (`@auth/core`'s `state.create`): a random value, sealed. */
export function encodeAuthJsState(secret: string): Promise<string> {
  const random = randomBytes(32).toString("base64url");
  return encodeAuthJsToken({ token: { random }, secret, salt: "encodedState", maxAge: AUTHJS_CHECK_MAX_AGE });
}
