import { decode, encode } from "@auth/core/jwt";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { decodeAuthJsToken, encodeAuthJsToken } from "./authjs-jwt.js";

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
    expect(await decodeAuthJsToken({ token: written, secret: [secret, "an-older-secret-of-thirty-two-characters"], salt })).toMatchObject(token);
    expect(await decodeAuthJsToken({ token: "", secret, salt })).toBeNull();
  });
});
