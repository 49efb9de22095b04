/**
 * `LogtoNextAuth` in-process against the real IdP, once signed in: refresh through the proxy, back-channel logout, a
 * user suspended in Logto, sign-out, and requests the routes refuse.
 */
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type IntegrationIdp, startIntegrationIdp, suspendUser, TestBrowser } from "../test-support/integration.js";
import { inNextRequest, nextRouteResponse } from "../test-support/next-request.js";
import { CALLBACK_PATH } from "./context.js";
import { LogtoNextAuth, type LogtoNextAuthResult } from "./integration.js";

const APP = "http://localhost:4984";
const NAME = "web-session-it";

let env: IntegrationIdp;
let logto: LogtoNextAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, CALLBACK_PATH, (request) =>
    logto.routes.backchannelLogout.POST(new NextRequest(request)),
  );
  logto = LogtoNextAuth(env.config(), { name: NAME, pages: { signedOut: "/" } });
});
afterAll(() => env.stop());
beforeEach(() => {
  // Each ended session is logged; the tests assert the outcome instead.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The "Session of … ended" lines logged since the test started. */
const endedLogLines = () =>
  vi
    .mocked(console.warn)
    .mock.calls.map(([line]) => String(line))
    .filter((line) => line.startsWith("Session of "));

const proxy = async (browser: TestBrowser, request: Request) =>
  browser.keep(await logto.proxy(new NextRequest(request)));
const page = <T>(browser: TestBrowser, path: string, read: () => Promise<T>) =>
  inNextRequest(browser.navigate(path), read, "render");
const session = async (browser: TestBrowser) => (await page(browser, "/", () => logto.getSession("/"))).value ?? null;

/** A browser signed in to the app as `account` through the sign-in route, with a Logto session in its IdP jar. */
async function signedIn(account = "ada"): Promise<TestBrowser> {
  const browser = new TestBrowser(APP);
  const request = new NextRequest(browser.request("/auth/sign-in"));
  const start = browser.keep(await nextRouteResponse(request, () => logto.routes.signIn.GET(request)));
  const callbackUrl = await browser.throughIdp(start, account);
  browser.keep(await logto.handlers.GET(new NextRequest(browser.request(callbackUrl))));
  expect(await session(browser)).not.toBeNull();
  return browser;
}

/** Follows the probe of a signed-out browser through a Logto without a session, back to the page. */
async function probeFindsNoSession(browser: TestBrowser, probe: Response): Promise<Response> {
  expect(new URL(probe.headers.get("location")!).searchParams.get("prompt")).toBe("none");
  const callbackUrl = await browser.throughIdp(probe);
  expect(callbackUrl.searchParams.get("error")).toBe("login_required");
  return proxy(browser, browser.request(callbackUrl));
}

const inSeconds = (seconds: number) => {
  const at = Date.now() + seconds * 1000;
  vi.spyOn(Date, "now").mockReturnValue(at);
};

describe("LogtoNextAuth: fresh tokens", () => {
  it(
    "refreshes an access token due for renewal in the proxy, " +
      "which passes the new cookie to the page and the browser",
    async () => {
      const browser = await signedIn();
      const before = (await session(browser))!;
      inSeconds(3600 - 30);
      const response = await proxy(browser, browser.navigate("/reports"));
      expect(response.headers.get("x-middleware-next")).toBe("1");
      expect(response.headers.getSetCookie()).toContainEqual(
        expect.stringMatching(new RegExp(`^${NAME}-session-token=[^;]`)),
      );
      // The page of this same request reads the renewed cookie (the proxy's request-header override).
      expect(response.headers.get("x-middleware-override-headers")).toContain("cookie");
      const after = (await session(browser))!;
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.accessTokenExpiresAt).toBeGreaterThan(before.accessTokenExpiresAt);
      expect(browser.get(`${NAME}-session-fresh`)).toBe("1");
      expect(await env.refreshStatus(before.refreshToken!)).toBe(400);
    },
  );
});

describe("LogtoNextAuth: sessions ended elsewhere", () => {
  it(
    "ends the session after a back-channel logout from " + "Logto, and the next page says signed_out_elsewhere",
    async () => {
      const browser = await signedIn("grace");
      const { idToken } = (await session(browser))!;
      const endSession = new URL(`${env.idp.issuer}/session/end`);
      endSession.search = new URLSearchParams({
        id_token_hint: idToken,
        post_logout_redirect_uri: `${APP}/`,
      }).toString();
      const delivered = env.nextBackchannelLogout();
      await browser.signOutAtIdp(new Response(null, { status: 303, headers: { location: endSession.href } }));
      expect((await delivered).response.status).toBe(200);

      // A page that skipped the proxy (fresh-session hint) sends the view through the session-ended route.
      const { redirect } = await page(browser, "/inbox", () => logto.getUser("/inbox"));
      expect(redirect).toBe("/auth/session-ended?returnTo=%2Finbox");
      const ended = browser.keep(await logto.routes.sessionEnded.GET(new NextRequest(browser.request(redirect!))));
      expect(ended.headers.get("location")).toBe(`${APP}/inbox`);
      expect(browser.get(`${NAME}-session-fresh`)).toBeUndefined();

      // The proxy drops the session, probes a Logto that has none, and the page says why.
      const parallel = browser.navigate("/inbox");
      const probe = await proxy(browser, browser.navigate("/inbox"));
      // A parallel request of the browser, with the old cookie, ends it again: logged once all the same.
      await logto.proxy(new NextRequest(parallel));
      expect(endedLogLines()).toEqual([expect.stringMatching(/^Session of .+ ended: revoked by back-channel logout$/)]);
      expect(browser.get(`${NAME}-session-token`)).toBeUndefined();
      expect(browser.get(`${NAME}-session-ended`)).toBe("signed_out_elsewhere");
      expect((await probeFindsNoSession(browser, probe)).headers.get("location")).toBe(`${APP}/inbox`);
      // The page of the next request says why, once: its response tells the browser to drop the notice.
      const pageView = await logto.proxy(new NextRequest(browser.navigate("/inbox")));
      expect(pageView.headers.get("x-middleware-next")).toBe("1");
      expect((await page(browser, "/inbox", () => logto.getSessionEndedReason())).value).toBe("signed_out_elsewhere");
      // A page that needs a session sends the visitor to the home page that says why, not straight to a new sign-in:
      // through the session-ended route, since a page cannot keep the notice the proxy drops.
      const required = await page(browser, "/inbox", () => logto.requireUser("/inbox"));
      expect(required.redirect).toBe("/auth/session-ended?returnTo=%2Finbox&reason=signed_out_elsewhere");
      browser.keep(pageView);
      expect(browser.get(`${NAME}-session-ended`)).toBeUndefined();
      const landing = browser.keep(
        await logto.routes.sessionEnded.GET(new NextRequest(browser.request(required.redirect!))),
      );
      expect(landing.headers.get("location")).toBe(`${APP}/?returnTo=%2Finbox`);
      expect((await page(browser, "/", () => logto.getSessionEndedReason())).value).toBe("signed_out_elsewhere");
    },
  );

  it(
    "ends the session of a user suspended in Logto at the " + "next check, an interval later: revoked_in_logto",
    async () => {
      const browser = await signedIn("linus");
      const { user } = (await session(browser))!;
      await suspendUser(env.idp, user.id);
      expect((await proxy(browser, browser.navigate("/"))).headers.get("x-middleware-next")).toBe("1");
      expect(browser.get(`${NAME}-session-token`)).toEqual(expect.any(String));
      inSeconds(61);
      const probe = await proxy(browser, browser.navigate("/"));
      expect(browser.get(`${NAME}-session-token`)).toBeUndefined();
      await probeFindsNoSession(browser, probe);
      expect((await page(browser, "/", () => logto.getSessionEndedReason())).value).toBe("revoked_in_logto");
      expect(await session(browser)).toBeNull();
    },
  );
});

describe("LogtoNextAuth: sign-out", () => {
  it(
    "signs out with a same-origin POST: session dropped, refresh " + "token revoked, off to Logto's end-session page",
    async () => {
      const browser = await signedIn();
      const { idToken, refreshToken } = (await session(browser))!;
      const request = new NextRequest(browser.post("/auth/sign-out"));
      const response = browser.keep(await nextRouteResponse(request, () => logto.routes.signOut.POST(request)));
      expect(response.status).toBe(303);
      const endSession = new URL(response.headers.get("location")!);
      expect(endSession.origin + endSession.pathname).toBe(`${env.idp.issuer}/session/end`);
      expect(endSession.searchParams.get("id_token_hint")).toBe(idToken);
      expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/`);
      expect(browser.get(`${NAME}-session-token`)).toBeUndefined();
      expect(browser.get(`${NAME}-session-fresh`)).toBeUndefined();
      expect(await env.refreshStatus(refreshToken!)).toBe(400);

      // Back from Logto with the state the sign-out sent, which Logto adds only once its session has ended: the proxy
      // drops it from the address and the home page, which neither probes nor shows a session, says so.
      const state = endSession.searchParams.get("state");
      expect(state).toMatch(/^[\w-]{20,}$/);
      expect(await browser.signOutAtIdp(response)).toEqual(new URL(`${APP}/?state=${state}`));
      expect((await proxy(browser, browser.navigate(`/?state=${state}`))).headers.get("location")).toBe(`${APP}/`);
      const home = await logto.proxy(new NextRequest(browser.navigate("/")));
      expect(home.headers.get("x-middleware-next")).toBe("1");
      expect((await page(browser, "/", () => logto.getSessionEndedReason())).value).toBe("signed_out_here");
      // Shown once.
      browser.keep(home);
      expect(browser.get(`${NAME}-session-ended`)).toBeUndefined();
      expect(await session(browser)).toBeNull();
    },
  );

  it("refuses a sign-out from another origin with 403, and has no GET handler (Next.js answers 405)", async () => {
    const browser = await signedIn();
    const request = new NextRequest(
      browser.post("/auth/sign-out", {}, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
    );
    expect((await nextRouteResponse(request, () => logto.routes.signOut.POST(request))).status).toBe(403);
    expect(Object.keys(logto.routes.signOut)).toEqual(["POST"]);
    expect(await session(browser)).not.toBeNull();
  });
});

describe("LogtoNextAuth: back-channel logout route", () => {
  it("answers a GET with 405 and a malformed logout token with 400, revoking nothing", async () => {
    const browser = await signedIn();
    const get = await logto.routes.backchannelLogout.POST(new NextRequest(`${APP}/api/auth/backchannel-logout`));
    expect(get.status).toBe(405);
    expect(Object.keys(logto.routes.backchannelLogout)).toEqual(["POST"]);
    for (const body of ["logout_token=not-a-jwt", "logout_token=a.b.c", ""]) {
      const request = new NextRequest(`${APP}/api/auth/backchannel-logout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      const answer = await logto.routes.backchannelLogout.POST(request);
      expect(answer.status, body).toBe(400);
      expect(await answer.json()).toMatchObject({ error: "invalid_request" });
    }
    expect(await session(browser)).not.toBeNull();
  });
});
