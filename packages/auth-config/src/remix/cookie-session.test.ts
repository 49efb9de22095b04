import { createCookieSessionStorage } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { CookieSessionStorage } from "./cookie-session.js";
import { createEncryptedCookie } from "./encrypted-cookie.js";

const options = { httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 3600 } as const;
const cookie = createEncryptedCookie("shop-session", "a-secret-of-more-than-thirty-two-characters", options);
const header = (setCookie: string) => setCookie.split(";")[0]!;

describe("CookieSessionStorage", () => {
  it("reads a session Remix's own storage wrote (same layout: a session survives the upgrade), flash included", async () => {
    const remix = createCookieSessionStorage({ cookie });
    const written = await remix.getSession();
    written.set("accessToken", "opaque");
    written.flash("returnTo", "/models");
    const ours = new CookieSessionStorage(cookie);
    const session = await ours.getSession(header(await remix.commitSession(written)));
    expect(session.get("accessToken")).toBe("opaque");
    expect(session.takeReturnTo()).toBe("/models");
    expect(session.takeReturnTo()).toBeUndefined();

    const back = await remix.getSession(header(await ours.commitSession(session)));
    expect(back.get("accessToken")).toBe("opaque");
    expect(back.get("returnTo")).toBeUndefined();
  });

  it("gives an empty session for no cookie or a foreign one, and deletes with an expired cookie", async () => {
    const storage = new CookieSessionStorage(cookie);
    for (const bad of [null, "shop-session=garbage", "other=1"]) {
      expect((await storage.getSession(bad)).toJSON()).toEqual({});
    }
    expect(await storage.destroySession()).toMatch(
      /^shop-session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly/,
    );
  });
});
