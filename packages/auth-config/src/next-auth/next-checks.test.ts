import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogtoConfig } from "../config/types.js";
import { AppCookies } from "../core/cookies.js";
import { authJsCookieNames } from "./authjs-cookies.js";
import type { NextAuthContext } from "./context.js";
import { LogtoNextAuth } from "./integration.js";
import { createMatcherCheck } from "./matcher-check.js";
import { SessionFreshHint } from "./session-fresh.js";

const config: LogtoConfig = {
  issuer: "http://localhost:1/oidc",
  clientId: "app",
  clientSecret: "app-secret",
  authSecret: "a-secret-of-at-least-thirty-two-characters",
  appUrl: "http://127.0.0.1:3000",
  scopes: ["openid"],
  directSignIn: undefined,
  silentSignIn: true,
  silentSignInRetryAfter: 300,
  sessionCheckInterval: 60,
  redisUrl: undefined,
  revocationFile: ".data/revocations.json",
  usesDevelopmentDefaults: false,
};

describe("LogtoNextAuth's start-up checks", () => {
  it.each(["http://127.0.0.1:3000", "http://[::1]:3000", "http://127.0.0.2:3000"])(
    "stops at a loopback AUTH_URL that Next.js serves as localhost (%s), saying what to write",
    (appUrl) => {
      expect(() => LogtoNextAuth({ ...config, appUrl }, { name: "shop" })).toThrow(
        /AUTH_URL: Next\.js serves .* as localhost.*use AUTH_URL=http:\/\/localhost:3000 and register http:\/\/localhost:3000\/api\/auth\/callback\/logto/,
      );
    },
  );
});

describe("the proxy's matcher check", () => {
  afterEach(() => vi.restoreAllMocks());
  const cookies = new AppCookies({ appUrl: "http://localhost:3000" }, "shop");
  const context = {
    app: { name: "shop" },
    hint: new SessionFreshHint(cookies),
    cookieNames: authJsCookieNames(cookies),
  } as unknown as NextAuthContext;

  function pageView(cookie: string, path = "/account"): NextRequest {
    return new NextRequest(`http://localhost:3000${path}`, { headers: { cookie } });
  }

  it("says once, with this app's cookie names, that the matcher let through a view it should skip", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const check = createMatcherCheck(context);
    check(pageView("shop-session-token=x"));
    check(pageView("shop-session-fresh=1"));
    check(pageView("shop-session-fresh=1; shop-session-token=x", "/api/auth/session"));
    expect(warn).not.toHaveBeenCalled();
    check(pageView("shop-session-fresh=1; shop-session-token.0=x"));
    check(pageView("shop-session-fresh=1; shop-session-token=x"));
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/"shop-session-fresh", "__Host-shop-session-fresh", "shop-session-token"/);
  });
});
