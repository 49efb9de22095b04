/**
 * `LogtoNextAuth` in-process against the real IdP: how often the periodic session check reaches Logto's userinfo
 * endpoint, with page views landing just before the check is due, on two instances of the app.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppCookies } from "../core/cookies.js";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser } from "../test-support/integration.js";
import { inNextRequest, nextRouteResponse } from "../test-support/next-request.js";
import { processWide } from "../util/process-wide.js";
import { type AuthJsCookieNames, authJsCookieNames, isSessionTokenCookie } from "./authjs-cookies.js";
import { CALLBACK_PATH } from "./context.js";
import { LogtoNextAuth, type LogtoNextAuthResult } from "./integration.js";
import { SessionFreshHint } from "./session-fresh.js";

const APP = "http://localhost:4986";
const NAME = "web-check-it";
const INTERVAL = 5;
/** How long a page takes to render after the proxy let its request through. */
const RENDER_MS = 12;

let env: IntegrationIdp;
let instances: [LogtoNextAuthResult, LogtoNextAuthResult];
let hintName: string;
let cookieNames: AuthJsCookieNames;
/** When (by `Date.now()`) the IdP received each userinfo request. */
const userinfoCalls: number[] = [];
const countUserinfo = (message: unknown) => {
  const { request } = message as { request: IncomingMessage };
  if (new URL(request.url ?? "/", "http://idp").pathname === "/oidc/me") userinfoCalls.push(Date.now());
};

beforeAll(async () => {
  env = await startIntegrationIdp(APP, CALLBACK_PATH, (request) =>
    instances[0].routes.backchannelLogout.POST(new NextRequest(request)),
  );
  const config = env.config({ AUTH_LOGTO_SESSION_CHECK_INTERVAL: String(INTERVAL) });
  instances = [LogtoNextAuth(config, { name: NAME }), LogtoNextAuth(config, { name: NAME })];
  const cookies = new AppCookies(config, NAME);
  hintName = new SessionFreshHint(cookies).name;
  cookieNames = authJsCookieNames(cookies);
  subscribe("http.server.request.start", countUserinfo);
});
afterAll(async () => {
  unsubscribe("http.server.request.start", countUserinfo);
  await env.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * What a second process would not share with this one: the process-wide memory of session checks. Forgetting it
 * before a view on the other instance makes the two instances behave as two processes.
 */
const sessionChecks = processWide("session-checks", () => ({ last: new Map(), inFlight: new Map() }));
function asAnotherProcess(): void {
  sessionChecks.last.clear();
}

async function signedIn(logto: LogtoNextAuthResult, account: string): Promise<TestBrowser> {
  const browser = new TestBrowser(APP);
  const request = new NextRequest(browser.request("/auth/sign-in"));
  const start = browser.keep(await nextRouteResponse(request, () => logto.routes.signIn.GET(request)));
  const callbackUrl = await browser.throughIdp(start, account);
  browser.keep(await logto.handlers.GET(new NextRequest(browser.request(callbackUrl))));
  return browser;
}

/**
 * A page view as Next.js serves it: through the proxy unless the browser carries both the session and the
 * fresh-session hint (the matcher in the README), then the page's render, `RENDER_MS` later.
 */
async function view(logto: LogtoNextAuthResult, browser: TestBrowser, at: number, path = "/") {
  vi.spyOn(Date, "now").mockReturnValue(at);
  const names = browser.cookie.split("; ").map((pair) => pair.slice(0, pair.indexOf("=")));
  const skipsProxy = names.includes(hintName) && names.some((name) => isSessionTokenCookie(cookieNames, name));
  if (!skipsProxy) browser.keep(await logto.proxy(new NextRequest(browser.navigate(path))));
  vi.spyOn(Date, "now").mockReturnValue(at + RENDER_MS);
  const page = await inNextRequest(browser.navigate(path), () => logto.getUser(path), "render");
  expect(page.value ?? page.redirect).toBeTruthy();
}

describe("LogtoNextAuth: the periodic session check", () => {
  it("asks Logto at most once per session per interval, with views just before the due time on two instances", async () => {
    const browser = await signedIn(instances[0], "ada");
    userinfoCalls.length = 0;
    // Whole seconds from now on: a check falls due at a whole second (checkedAt + interval).
    const start = (Math.ceil(Date.now() / 1000) + 1) * 1000;
    const intervals = 4;
    // A view 10 ms before every whole second, each on the other instance than the one before.
    for (let second = 0; second < intervals * INTERVAL; second++) {
      asAnotherProcess();
      await view(instances[second % 2]!, browser, start + second * 1000 - 10);
    }
    const gaps = userinfoCalls.slice(1).map((at, index) => at - userinfoCalls[index]!);
    // checkedAt is whole seconds, so a check may come up to a second short of the interval after the last one.
    for (const gap of gaps) expect(gap).toBeGreaterThan((INTERVAL - 1) * 1000);
    // And the session is still checked: once per interval.
    expect(userinfoCalls.length).toBeGreaterThanOrEqual(intervals - 1);
    expect(userinfoCalls.length).toBeLessThanOrEqual(intervals);
  });

  it("makes one userinfo request for concurrent requests of one session in one process", async () => {
    const browser = await signedIn(instances[0], "grace");
    userinfoCalls.length = 0;
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + (INTERVAL + 1) * 1000);
    const responses = await Promise.all(
      instances.flatMap((logto) => [1, 2, 3].map(() => logto.proxy(new NextRequest(browser.navigate("/"))))),
    );
    expect(userinfoCalls).toHaveLength(1);
    for (const response of responses) expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
