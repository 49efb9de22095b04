/**
 * `LogtoNextAuth` in-process against the real IdP: the proxy's silent probe, sign-in through Auth.js's handlers and
 * through the sign-in route, the page reads, and bad callbacks. Route handlers and page reads that use `next/headers`
 * run in Next.js's request scope (`inNextRequest`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser } from "../test-support/integration.js";
import { signInWithIdp } from "../test-support/logout.js";
import { inNextRequest, nextRouteResponse } from "../test-support/next-request.js";
import { CALLBACK_PATH } from "./context.js";
import { LogtoNextAuth, type LogtoNextAuthResult } from "./integration.js";

const APP = "http://localhost:4983";
const NAME = "web-it";

let env: IntegrationIdp;
let logto: LogtoNextAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, CALLBACK_PATH, (request) =>
    logto.routes.backchannelLogout.POST(new NextRequest(request)),
  );
  logto = LogtoNextAuth(env.config(), { name: NAME });
});
afterAll(() => env.stop());
afterEach(() => {
  vi.restoreAllMocks();
});

/** A request through the proxy, its cookies kept by the browser. */
async function proxy(browser: TestBrowser, request: Request): Promise<Response> {
  return browser.keep(await logto.proxy(new NextRequest(request)));
}

/** The browser back from the IdP at the callback: through the proxy (IdP errors), then Auth.js's handler. */
async function callback(browser: TestBrowser, callbackUrl: URL): Promise<Response> {
  const proxied = await proxy(browser, browser.request(callbackUrl));
  if (!proxied.headers.has("x-middleware-next")) return proxied;
  return browser.keep(await logto.handlers.GET(new NextRequest(browser.request(callbackUrl))));
}

/** What a server component of `path` reads, in Next.js's render scope. */
const page = <T>(browser: TestBrowser, path: string, read: () => Promise<T>) =>
  inNextRequest(browser.navigate(path), read, "render");

/** Auth.js's own sign-in: its CSRF token, then the form POST of `signIn("logto")`. */
async function signInThroughAuthJs(browser: TestBrowser, callbackUrl: string): Promise<Response> {
  const csrf = browser.keep(await logto.handlers.GET(new NextRequest(browser.request("/api/auth/csrf"))));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = browser.keep(
    await logto.handlers.POST(new NextRequest(browser.post("/api/auth/signin/logto", { csrfToken, callbackUrl }))),
  );
  expect(start.status).toBe(302);
  return callback(browser, await browser.throughIdp(start));
}

describe("LogtoNextAuth: the proxy's silent probe", () => {
  it(
    "probes with prompt=none on an anonymous navigation, and " +
      "lets the page render signed out when Logto has no session",
    async () => {
      const browser = new TestBrowser(APP);
      const probe = await proxy(browser, browser.navigate("/pricing?plan=pro"));
      expect(probe.status).toBe(302);
      const authorization = new URL(probe.headers.get("location")!);
      expect(authorization.origin + authorization.pathname).toBe(`${env.idp.issuer}/auth`);
      expect(authorization.searchParams.get("prompt")).toBe("none");
      expect(authorization.searchParams.get("redirect_uri")).toBe(`${APP}${CALLBACK_PATH}`);

      const callbackUrl = await browser.throughIdp(probe);
      expect(callbackUrl.searchParams.get("error")).toBe("login_required");
      const back = await callback(browser, callbackUrl);
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(`${APP}/pricing?plan=pro`);
      // Remembered: the page and the next ones render without another probe.
      for (const path of ["/pricing?plan=pro", "/", "/docs"]) {
        expect((await proxy(browser, browser.navigate(path))).headers.get("x-middleware-next"), path).toBe("1");
      }
      expect((await page(browser, "/", () => logto.getUser("/"))).value).toBeNull();
    },
  );

  it("never probes for an API route, an asset, a prefetch or a non-navigation", async () => {
    const browser = new TestBrowser(APP);
    const requests = [
      browser.navigate("/api/things"),
      browser.navigate("/_next/static/chunk.js"),
      browser.navigate("/logo.svg"),
      browser.navigate("/docs", { "next-router-prefetch": "1" }),
      browser.request("/docs", { headers: { accept: "*/*" } }),
    ];
    for (const request of requests) expect((await logto.proxy(new NextRequest(request))).status, request.url).toBe(200);
  });

  it(
    "signs in with no click through an existing Logto session: " +
      "Auth.js completes the probe's request at its callback",
    async () => {
      const { cookieJar } = await signInWithIdp(env.idp, env.otherClient, "grace");
      const browser = new TestBrowser(APP, cookieJar);
      const probe = await proxy(browser, browser.navigate("/docs"));
      const firstAnswer = await browser.throughIdp(probe);
      expect(firstAnswer.searchParams.get("error")).toBe("consent_required");
      const retry = await callback(browser, firstAnswer);
      expect(new URL(retry.headers.get("location")!).searchParams.get("prompt")).toBe("consent");

      const signedIn = await callback(browser, await browser.throughIdp(retry));
      expect(signedIn.headers.get("location")).toBe(`${APP}/docs`);
      expect(browser.get(`${NAME}-session-token`)).toEqual(expect.any(String));
      expect(browser.get(`${NAME}-session-fresh`)).toBe("1");
      const { value: session } = await page(browser, "/docs", () => logto.getSession("/docs"));
      expect(session?.user).toMatchObject({ name: "Grace Hopper", email: "grace@example.com" });
      expect(session?.origin).toMatchObject({ how: "silent", logtoRequests: 2 });
    },
  );
});

describe("LogtoNextAuth: interactive sign-in", () => {
  it("signs in through Auth.js's sign-in action and callback, and the page reads see the user", async () => {
    const browser = new TestBrowser(APP);
    const done = await signInThroughAuthJs(browser, `${APP}/settings`);
    expect(done.headers.get("location")).toBe(`${APP}/settings`);
    const ada = { name: "Ada Lovelace", username: "ada", email: "ada@example.com" };
    expect((await page(browser, "/settings", () => logto.getUser("/settings"))).value).toMatchObject(ada);
    expect((await page(browser, "/settings", () => logto.requireUser("/settings"))).value).toMatchObject(ada);
    const { value: session } = await page(browser, "/settings", () => logto.getSession("/settings"));
    expect(session).toMatchObject({
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      origin: { how: "signed-in-here" },
    });
    // Through the proxy too, once the fresh-session hint has expired: with it, the matcher keeps page views away from
    // the proxy (one reaching it is a misnamed matcher, which the proxy warns of).
    browser.cookie = browser.cookie
      .split("; ")
      .filter((pair) => !pair.startsWith(`${NAME}-session-fresh=`))
      .join("; ");
    const proxied = await logto.proxy(new NextRequest(browser.navigate("/settings")));
    expect(proxied.headers.get("x-middleware-next")).toBe("1");
    expect(proxied.headers.getSetCookie().join()).not.toMatch(new RegExp(`${NAME}-session-token=;`));
  });

  it("starts a sign-in from the sign-in route (Auth.js's server-side signIn, in Next.js's request scope)", async () => {
    const browser = new TestBrowser(APP);
    const request = new NextRequest(browser.request("/auth/sign-in?returnTo=%2Fafter"));
    const start = browser.keep(await nextRouteResponse(request, () => logto.routes.signIn.GET(request)));
    expect(start.status).toBe(307);
    const authorization = new URL(start.headers.get("location")!);
    expect(authorization.searchParams.get("prompt")).toBe("consent");
    expect(browser.get(`${NAME}-state`)).toEqual(expect.any(String));
    const done = await callback(browser, await browser.throughIdp(start, "grace"));
    expect(done.headers.get("location")).toBe(`${APP}/after`);
    expect((await page(browser, "/after", () => logto.getUser("/after"))).value).toMatchObject({
      name: "Grace Hopper",
    });
  });

  it("sends an anonymous visitor of a protected page to the sign-in route, coming back to that page", async () => {
    const browser = new TestBrowser(APP);
    const { redirect } = await page(browser, "/account?x=1", () => logto.requireUser("/account?x=1"));
    expect(redirect).toBe(`/auth/sign-in?returnTo=${encodeURIComponent("/account?x=1")}`);
    expect((await page(browser, "/", () => logto.getSession("/"))).value).toBeNull();
    expect((await page(browser, "/", () => logto.getSessionEndedReason())).value).toBeNull();
  });
});

describe("LogtoNextAuth: a visitor already signed in", () => {
  it("is sent back by the sign-in route, and home by an old callback, instead of signing in again", async () => {
    const browser = new TestBrowser(APP);
    const signIn = new NextRequest(browser.request("/auth/sign-in"));
    const start = browser.keep(await nextRouteResponse(signIn, () => logto.routes.signIn.GET(signIn)));
    const callbackUrl = await browser.throughIdp(start);
    browser.keep(await logto.handlers.GET(new NextRequest(browser.request(callbackUrl))));

    const again = new NextRequest(browser.request("/auth/sign-in?returnTo=%2Freports"));
    const back = await nextRouteResponse(again, () => logto.routes.signIn.GET(again));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${APP}/reports`);
    // The same callback again (its code spent, its check cookies gone).
    const replay = await logto.handlers.GET(new NextRequest(browser.request(callbackUrl)));
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe(`${APP}/`);
    // Back to Logto's page, then Allow again: Logto's answer to a finished sign-in.
    const stale = new URL(callbackUrl);
    stale.searchParams.delete("code");
    stale.searchParams.set("error", "access_denied");
    const home = await logto.proxy(new NextRequest(browser.request(stale)));
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(`${APP}/`);
  });
});

describe("LogtoNextAuth: bad callbacks", () => {
  it("answers 400 for a callback opened without a response, or with an error but no state (a stray one)", async () => {
    const pages = createServer((request, response) => {
      response.setHeader("content-type", "text/html");
      response.end(`<p>${request.url}</p>`);
    });
    await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    try {
      for (const query of ["", "?error=access_denied"]) {
        const answer = await logto.proxy(new NextRequest(`${origin}${CALLBACK_PATH}${query}`));
        expect(answer.status, query).toBe(400);
        // The app's error page, fetched from this server: Next.js would answer a rewrite with 200.
        expect(await answer.text(), query).toBe("<p>/auth/error?error=not_a_response</p>");
      }
    } finally {
      pages.close();
    }
  });

  it("makes no session from a callback whose state is not this browser's", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const browser = new TestBrowser(APP);
    const csrf = browser.keep(await logto.handlers.GET(new NextRequest(browser.request("/api/auth/csrf"))));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const start = browser.keep(
      await logto.handlers.POST(
        new NextRequest(browser.post("/api/auth/signin/logto", { csrfToken, callbackUrl: APP })),
      ),
    );
    const callbackUrl = await browser.throughIdp(start);
    callbackUrl.searchParams.set("state", "forged");
    const answer = await callback(browser, callbackUrl);
    expect(answer.headers.get("location")).toMatch(new RegExp(`^${APP}/auth/error\\?error=`));
    expect(browser.get(`${NAME}-session-token`)).toBeUndefined();
  });

  it("refuses a cross-site POST through the proxy with 403", async () => {
    const browser = new TestBrowser(APP);
    const answer = await logto.proxy(
      new NextRequest(
        browser.post("/settings", {}, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      ),
    );
    expect(answer.status).toBe(403);
  });
});
