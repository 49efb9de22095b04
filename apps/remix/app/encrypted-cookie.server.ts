import { createHash } from "node:crypto";
import { createCookie, type Cookie, type CookieOptions } from "@remix-run/node";
import { CompactEncrypt, compactDecrypt } from "jose";

/**
 * A Remix cookie whose value is encrypted and authenticated (JWE, dir + A256GCM): the session holds Logto's
 * tokens, which must not be readable from the cookie, only usable by this server.
 */
export function createEncryptedCookie(name: string, secret: string, options: CookieOptions): Cookie {
  const key = createHash("sha256").update(`remix-session-encryption:${secret}`).digest();
  const plain = createCookie(name, { ...options, secrets: undefined });
  return {
    name,
    isSigned: true,
    get expires() {
      return plain.expires;
    },
    async serialize(value, serializeOptions) {
      const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
        .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
        .encrypt(key);
      return plain.serialize(jwe, serializeOptions);
    },
    async parse(cookieHeader, parseOptions) {
      const jwe: unknown = await plain.parse(cookieHeader, parseOptions);
      if (typeof jwe !== "string") return null;
      try {
        const { plaintext } = await compactDecrypt(jwe, key);
        return JSON.parse(new TextDecoder().decode(plaintext));
      } catch {
        // Tampered, truncated or from another secret: treated as no session.
        return null;
      }
    },
  };
}
