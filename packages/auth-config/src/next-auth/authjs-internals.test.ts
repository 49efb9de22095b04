import { hkdfSync } from "node:crypto";
import { decode, encode } from "@auth/core/jwt";
import { CompactEncrypt, decodeProtectedHeader, EncryptJWT } from "jose";
import { describe, expect, it } from "vitest";
import { decodeAuthJsToken, encodeAuthJsToken } from "./authjs-internals.js";

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
