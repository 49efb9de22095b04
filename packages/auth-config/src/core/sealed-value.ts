import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals small JSON values for a cookie with AES-256-GCM, under a key derived from the app's secret for one purpose:
 * the browser carries them, cannot read them (a PKCE verifier, say) and cannot forge them.
 */
export class SealedValues {
  readonly #key: Buffer;

  constructor(secret: string, purpose: string) {
    this.#key = Buffer.from(hkdfSync("sha256", secret, "logto-hf", `sealed-value:${purpose}`, 32));
  }

  seal(value: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
  }

  /** The value, or `undefined` when missing, tampered with or sealed with another secret. */
  open(sealed: string | undefined): unknown {
    if (!sealed) return undefined;
    const [iv, ciphertext, tag, extra] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
    if (!iv || !ciphertext || !tag || extra || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, iv).setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8"));
    } catch {
      return undefined;
    }
  }
}
