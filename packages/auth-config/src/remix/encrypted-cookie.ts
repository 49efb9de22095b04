import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { parse, type SerializeOptions, serialize } from "cookie";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A cookie's attributes (`maxAge`, `httpOnly`, `sameSite`, `path`, `secure`, …), as the `cookie` package takes them. */
export type EncryptedCookieOptions = SerializeOptions;

/**
 * The cookie {@link createEncryptedCookie} makes: the shape of Remix's and React Router's `Cookie`, so that either
 * framework's `createCookieSessionStorage` can take it.
 */
export interface EncryptedCookie {
  readonly name: string;
  readonly isSigned: boolean;
  readonly expires: Date | undefined;
  /** The decrypted value in a `Cookie` header, or `null` when missing, tampered with or sealed with another secret. */
  parse(cookieHeader: string | null): Promise<unknown>;
  /** The `Set-Cookie` that stores `value` (`""` deletes). */
  serialize(value: unknown, options?: EncryptedCookieOptions): Promise<string>;
}

/**
 * A cookie whose value is encrypted and authenticated (AES-256-GCM, the cookie's name as associated data):
 * the session holds Logto's tokens, which must not be readable from the cookie, only usable by this server.
 * The value is `iv.ciphertext.tag` in base64url, already cookie-safe, so it skips Remix's own value encoding,
 * which costs more than the decryption on every request.
 */
export function createEncryptedCookie(name: string, secret: string, options: EncryptedCookieOptions): EncryptedCookie {
  const key = createHash("sha256").update(`remix-session-encryption:${secret}`).digest();
  const associatedData = Buffer.from(name);
  const { expires, ...defaults } = options;
  return {
    name,
    isSigned: true,
    get expires() {
      return typeof defaults.maxAge === "number" ? new Date(Date.now() + defaults.maxAge * 1000) : expires;
    },
    async serialize(value, serializeOptions) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(associatedData);
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
      const sealed = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
      const attributes = { ...defaults, ...(expires ? { expires } : {}), ...serializeOptions };
      return serialize(name, value === "" ? "" : sealed, attributes);
    },
    async parse(cookieHeader) {
      const sealed = cookieHeader ? parse(cookieHeader)[name] : undefined;
      if (!sealed) return null;
      const [iv, ciphertext, tag, extra] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
      if (!iv || !ciphertext || !tag || extra || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(associatedData).setAuthTag(tag);
        return JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8"));
      } catch {
        // Tampered, truncated or from another secret: treated as no session.
        return null;
      }
    },
  };
}
