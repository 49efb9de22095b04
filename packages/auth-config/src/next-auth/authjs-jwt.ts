import { hkdfSync } from "node:crypto";
import { base64url, calculateJwkThumbprint, EncryptJWT, type JWTPayload, jwtDecrypt } from "jose";

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

interface DerivedKey {
  key: Uint8Array;
  thumbprint: string;
}

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const KEY_LENGTHS = { "A256CBC-HS512": 64, A256GCM: 32 } as const;
type Encryption = keyof typeof KEY_LENGTHS;

const derivedKeys = new Map<string, Promise<DerivedKey>>();

/**
 * The encryption key Auth.js derives from the secret for one salt (the cookie's name), and its JWK thumbprint (the
 * token's `kid`). Auth.js derives both anew for every cookie it reads or writes; they never change for a secret and a
 * salt, so they are derived once per process here.
 */
function derivedKey(secret: string, salt: string, enc: Encryption): Promise<DerivedKey> {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  let derived = derivedKeys.get(id);
  if (!derived) {
    const key = new Uint8Array(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, KEY_LENGTHS[enc]));
    derived = calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, `sha${key.byteLength << 3}` as "sha512").then((thumbprint) => ({
      key,
      thumbprint,
    }));
    derivedKeys.set(id, derived);
  }
  return derived;
}

const secrets = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

/**
 * Auth.js's own token format (`@auth/core/jwt`: JWE `dir` + `A256CBC-HS512`, the key derived with HKDF from the secret
 * and the salt, `kid` its thumbprint), byte-compatible with its `encode`, with the derived key remembered: what
 * {@link authJsJwt} gives Auth.js for the session cookie, and the probe for its check cookies.
 */
export async function encodeAuthJsToken({ token = {}, secret, salt, maxAge = DEFAULT_MAX_AGE }: EncodeParams): Promise<string> {
  const [first = ""] = secrets(secret);
  const { key, thumbprint } = await derivedKey(first, salt, "A256CBC-HS512");
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid: thumbprint })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

/** Reads a token of {@link encodeAuthJsToken}'s (or Auth.js's) format; `null` without one, throws on a bad one, as Auth.js's does. */
export async function decodeAuthJsToken({ token, secret, salt }: DecodeParams): Promise<JWTPayload | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(
    token,
    async ({ kid, enc }) => {
      for (const candidate of secrets(secret)) {
        const { key, thumbprint } = await derivedKey(candidate, salt, enc === "A256GCM" ? "A256GCM" : "A256CBC-HS512");
        if (kid === undefined || kid === thumbprint) return key;
      }
      throw new Error("no matching decryption secret");
    },
    { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"] },
  );
  return payload;
}

/** Auth.js's `jwt` option: its session-cookie format, each derived key computed once per process. */
export const authJsJwt = { encode: encodeAuthJsToken, decode: decodeAuthJsToken };
