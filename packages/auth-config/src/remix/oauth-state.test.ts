import { describe, expect, it } from "vitest";
import { OAuthStateCookies } from "./oauth-state.js";

const cookies = new OAuthStateCookies("app-logto-oauth", false);
const pending = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `app-logto-oauth:${i}=${encodeURIComponent(`state=s${i}&s${i}=verifier${i}`)}`,
  ).join("; ");
const request = (cookie: string, url = "http://app.test/auth/sign-in") => new Request(url, { headers: { cookie } });
const cleared = (setCookies: string[]) => setCookies.map((setCookie) => setCookie.slice(0, setCookie.indexOf("=")));

describe("OAuthStateCookies", () => {
  it("keeps at most three pending sign-ins, clearing the oldest", () => {
    const start = () => new Response(null, { status: 302 });
    expect(cleared(cookies.bound(request(pending(1)), start()).headers.getSetCookie())).toEqual([]);
    expect(cleared(cookies.bound(request(pending(2)), start()).headers.getSetCookie())).toEqual([]);
    expect(cleared(cookies.bound(request(`other=1; ${pending(5)}`), start()).headers.getSetCookie())).toEqual([
      "app-logto-oauth:0",
      "app-logto-oauth:1",
      "app-logto-oauth:2",
    ]);
  });

  it("clears, at the callback, the cookie of the sign-in it answers and no other", () => {
    const callback = request(pending(3), "http://app.test/auth/callback?code=c&state=s1");
    const setCookies = cookies.clearUsed(callback);
    expect(cleared(setCookies)).toEqual(["app-logto-oauth:1"]);
    expect(setCookies[0]).toMatch(/Max-Age=0/);
    expect(cookies.clearUsed(request(pending(3), "http://app.test/auth/callback?code=c&state=unknown"))).toEqual([]);
    expect(cookies.clearUsed(request(pending(3), "http://app.test/auth/callback"))).toEqual([]);
  });

  it("marks the cookies Secure under https", () => {
    const secure = new OAuthStateCookies("__Host-app-logto-oauth", true);
    expect(secure.options).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    const setCookies = secure.clearUsed(
      request(`__Host-app-logto-oauth:a=${encodeURIComponent("state=x&x=v")}`, "http://app.test/cb?state=x"),
    );
    expect(setCookies[0]?.split("; ")).toContain("Secure");
  });
});
