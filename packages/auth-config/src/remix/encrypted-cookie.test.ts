import { createCookieSessionStorage } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createEncryptedCookie } from "./encrypted-cookie.js";

const options = { httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 3600 } as const;
const cookie = createEncryptedCookie("remix-session", "a-secret-of-more-than-thirty-two-characters", options);
const header = (setCookie: string) => setCookie.split(";")[0]!;
const value = { user: { id: "u1", name: "Ada" }, accessToken: "opaque", accessTokenExpiresAt: 1_800_000_000 };

describe("createEncryptedCookie", () => {
  it("reads back what it wrote, and the value shows nothing of it", async () => {
    const setCookie = await cookie.serialize(value);
    expect(await cookie.parse(header(setCookie))).toEqual(value);
    expect(setCookie).not.toContain("opaque");
    expect(setCookie).not.toContain("Ada");
    expect(setCookie).toMatch(/^remix-session=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("encrypts the same value differently each time", async () => {
    expect(await cookie.serialize(value)).not.toBe(await cookie.serialize(value));
  });

  it("treats a tampered, truncated, foreign or garbage value as no cookie", async () => {
    const sealed = header(await cookie.serialize(value)).slice("remix-session=".length);
    const [iv, ciphertext, tag] = sealed.split(".") as [string, string, string];
    // Another first character, whatever the part starts with: the first six bits of the part's bytes change.
    const flip = (part: string) => (part[0] === "A" ? "B" : "A") + part.slice(1);
    const otherSecret = createEncryptedCookie("remix-session", "another-secret-of-more-than-thirty-two-chars", options);
    const otherName = createEncryptedCookie("other-cookie", "a-secret-of-more-than-thirty-two-characters", options);
    const foreign = [
      header(await otherSecret.serialize(value)),
      // The same secret, sealed for another cookie name and moved here.
      `remix-session=${header(await otherName.serialize(value)).slice("other-cookie=".length)}`,
    ];
    for (const bad of [
      `${flip(iv)}.${ciphertext}.${tag}`,
      `${iv}.${flip(ciphertext)}.${tag}`,
      `${iv}.${ciphertext}.${flip(tag)}`,
      `${iv}.${ciphertext}`,
      `${iv}.${ciphertext}.${tag}.extra`,
      sealed.slice(0, sealed.length / 2),
      "garbage",
      "%%%",
      "x".repeat(8192),
    ]) {
      expect(await cookie.parse(`remix-session=${bad}`), bad.slice(0, 30)).toBeNull();
    }
    for (const bad of foreign) expect(await cookie.parse(bad)).toBeNull();
    expect(await cookie.parse(null)).toBeNull();
    expect(await cookie.parse("other=1")).toBeNull();
  });

  it("backs a Remix cookie session storage: commit, read, destroy", async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession();
    session.set("user", value.user);
    const committed = await storage.commitSession(session);
    const again = await storage.getSession(header(committed));
    expect(again.get("user")).toEqual(value.user);
    const destroyed = await storage.destroySession(again);
    expect(destroyed).toMatch(/^remix-session=; /);
    expect(destroyed).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
