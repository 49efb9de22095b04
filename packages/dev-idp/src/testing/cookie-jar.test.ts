import { describe, expect, it } from "vitest";

import { CookieJar } from "./cookie-jar.js";

describe("CookieJar", () => {
  it("shares cookies between ports of the same host, like browsers", () => {
    const jar = new CookieJar();
    jar.setCookie("a=1; Path=/; HttpOnly; SameSite=Lax", "http://localhost:3001/oidc/auth");
    expect(jar.getCookieHeader("http://localhost:3000/")).toBe("a=1");
    expect(jar.getCookieHeader("http://127.0.0.1:3001/")).toBeUndefined();
  });

  it("respects Path (explicit and default) and sends the most specific path first", () => {
    const jar = new CookieJar();
    jar.setCookie("resume=r; Path=/oidc/auth/abc", "http://localhost:3001/oidc/auth");
    jar.setCookie("root=x; Path=/", "http://localhost:3001/oidc/auth");
    jar.setCookie("dflt=d", "http://localhost:3001/interaction/abc");
    expect(jar.getCookieHeader("http://localhost:3001/oidc/auth/abc")).toBe("resume=r; root=x");
    expect(jar.getCookieHeader("http://localhost:3001/oidc/auth/abcdef")).toBe("root=x");
    expect(jar.getCookieHeader("http://localhost:3001/interaction/xyz")).toBe("dflt=d; root=x");
    expect(jar.getCookieHeader("http://localhost:3001/other")).toBe("root=x");
  });

  it("deletes cookies with Max-Age=0 or a past Expires and replaces same name+path", () => {
    const jar = new CookieJar();
    jar.setCookie("s=1; Path=/", "http://localhost/");
    jar.setCookie("s=2; Path=/", "http://localhost/");
    expect(jar.get("s", "http://localhost/")).toBe("2");
    jar.setCookie("s=; Path=/; Max-Age=0", "http://localhost/");
    expect(jar.get("s", "http://localhost/")).toBeUndefined();
    jar.setCookie("t=1; Path=/", "http://localhost/");
    jar.setCookie("t=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://localhost/");
    expect(jar.getCookieHeader("http://localhost/")).toBeUndefined();
  });

  it("honours the Domain attribute and refuses foreign domains", () => {
    const jar = new CookieJar();
    jar.setCookie("d=1; Domain=example.com; Path=/", "http://auth.example.com/");
    jar.setCookie("evil=1; Domain=other.com; Path=/", "http://auth.example.com/");
    expect(jar.getCookieHeader("http://app.example.com/")).toBe("d=1");
    expect(jar.getCookieHeader("http://other.com/")).toBeUndefined();
  });

  it("reads every Set-Cookie header of a fetch Response", () => {
    const headers = new Headers();
    headers.append("set-cookie", "_logto=abc; path=/; httponly");
    headers.append("set-cookie", "_logto.sig=def; path=/; httponly");
    const jar = new CookieJar();
    jar.setFromResponse("http://localhost:3001/oidc/auth/x", new Response(null, { headers }));
    expect(jar.getCookieHeader("http://localhost:3002/")).toBe("_logto=abc; _logto.sig=def");
  });
});
