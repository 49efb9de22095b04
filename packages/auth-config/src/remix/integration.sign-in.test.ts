/**
 * `LogtoRemixAuth` in-process against the real IdP: the silent probe, interactive and silent sign-in, bad callbacks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser, thrownResponse } from "../test-support/integration.js";
import { signInWithIdp } from "../test-support/logout.js";
import { REMIX_AUTH_PATHS } from "./context.js";
import { LogtoRemixAuth, type LogtoRemixAuthResult } from "./remix2.js";

const APP = "http://localhost:4981";
const NAME = "remix-it";

let env: IntegrationIdp;
let logto: LogtoRemixAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, REMIX_AUTH_PATHS.callback, (request) =>
    logto.routes.backchannelLogout.action({ request }),
  );
  logto = LogtoRemixAuth(env.config(), { name: NAME });
});
afterAll(() => env.stop());
afterEach(() => {
  vi.restoreAllMocks();
});

/** The callback loader's answer to the browser coming back from the IdP: a thrown redirect, kept by the browser. */
async function callback(browser: TestBrowser, callbackUrl: URL): Promise<Response> {
  return browser.keep(await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })));
}

/** Clicks "Sign in" on a page that needs a session and signs in as `account` through the IdP's pages. */
async function signIn(browser: TestBrowser, returnTo: string, account = "ada"): Promise<Response> {
  const start = await thrownResponse(
    logto.routes.signIn.loader({ request: browser.request(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`) }),
  );
  browser.keep(start);
  expect(start.status).toBe(302);
  return callback(browser, await browser.throughIdp(start, account));
}

describe("LogtoRemixAuth: the silent probe", () => {
  it(
    "probes Logto with prompt=none on an anonymous page navigation, " +
      "and renders the page signed out when there is no Logto session",
    async () => {
      const browser = new TestBrowser(APP);
      const probe = browser.keep(await thrownResponse(logto.handleRequest(browser.navigate("/pricing?plan=pro"))));
      const authorization = new URL(probe.headers.get("location")!);
      expect(authorization.origin + authorization.pathname).toBe(`${env.idp.issuer}/auth`);
      expect(authorization.searchParams.get("prompt")).toBe("none");
      expect(authorization.searchParams.get("redirect_uri")).toBe(`${APP}/auth/callback`);
      expect(browser.get(`${NAME}-sso-probe`)).toEqual(expect.any(String));

      const callbackUrl = await browser.throughIdp(probe);
      expect(callbackUrl.searchParams.get("error")).toBe("login_required");
      const back = await callback(browser, callbackUrl);
      expect(back.headers.get("location")).toBe("/pricing?plan=pro");

      const page = await logto.handleRequest(browser.navigate("/pricing?plan=pro"));
      expect(page).toMatchObject({ user: null, origin: null, sessionEnded: null });
      browser.keepHeaders(page.headers);
      // Remembered: the next pages do not probe again.
      for (const path of ["/", "/pricing"]) expect((await logto.handleRequest(browser.navigate(path))).user).toBeNull();
    },
  );

  it("never probes for a data request, an asset, a POST or the auth routes", async () => {
    const browser = new TestBrowser(APP);
    const requests = [
      browser.request("/pricing", { headers: { accept: "*/*" } }),
      browser.request("/pricing.data", { headers: { accept: "text/html" } }),
      browser.navigate("/assets/app.css"),
      browser.navigate("/auth/sign-in"),
      browser.post("/pricing"),
    ];
    for (const request of requests) expect((await logto.handleRequest(request)).user, request.url).toBeNull();
  });

  it("signs in with no click through an existing Logto session, asking for consent once for this app", async () => {
    const { cookieJar } = await signInWithIdp(env.idp, env.otherClient, "grace");
    const browser = new TestBrowser(APP, cookieJar);
    const probe = browser.keep(await thrownResponse(logto.handleRequest(browser.navigate("/docs"))));
    const firstAnswer = await browser.throughIdp(probe);
    expect(firstAnswer.searchParams.get("error")).toBe("consent_required");
    const retry = await callback(browser, firstAnswer);
    expect(new URL(retry.headers.get("location")!).searchParams.get("prompt")).toBe("consent");

    const signedIn = await callback(browser, await browser.throughIdp(retry));
    expect(signedIn.headers.get("location")).toBe("/docs");
    const page = await logto.handleRequest(browser.navigate("/docs"));
    expect(page.user).toMatchObject({ name: "Grace Hopper", email: "grace@example.com" });
    expect(page.origin).toMatchObject({ how: "silent", logtoRequests: 2, redirects: 5 });
  });
});

describe("LogtoRemixAuth: interactive sign-in", () => {
  it(
    "signs in through the IdP and the Hugging Face stand-in, " +
      "back to the page that asked, with the session in reads",
    async () => {
      const browser = new TestBrowser(APP);
      const done = await signIn(browser, "/settings?tab=profile");
      expect(done.headers.get("location")).toBe("/settings?tab=profile");
      expect(browser.get(`${NAME}-session`)).toEqual(expect.any(String));

      const request = browser.navigate("/settings");
      const ada = { name: "Ada Lovelace", username: "ada", email: "ada@example.com" };
      expect(await logto.getUser(request)).toMatchObject(ada);
      expect(await logto.requireUser(request)).toMatchObject(ada);
      const session = await logto.getSession(request);
      expect(session).toMatchObject({
        idToken: expect.any(String),
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
      });
      expect(session).toMatchObject({
        origin: { how: "signed-in-here" },
        needsReauthentication: false,
        sid: expect.any(String),
      });
      const page = await logto.handleRequest(request);
      expect(page).toMatchObject({ user: ada, sessionEnded: null });
    },
  );

  it("drops a probe in flight when the visitor signs in, so the session is not taken for a silent one", async () => {
    const browser = new TestBrowser(APP);
    browser.keep(await thrownResponse(logto.handleRequest(browser.navigate("/"))));
    const start = await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") }));
    expect(start.headers.getSetCookie()).toContainEqual(expect.stringMatching(new RegExp(`^${NAME}-sso-probe=;`)));
    browser.keep(start);
    await callback(browser, await browser.throughIdp(start, "linus"));
    expect((await logto.getSession(browser.navigate("/")))?.origin).toMatchObject({ how: "signed-in-here" });
  });

  it("starts a sign-in from the form POST of the sign-in button, with its returnTo", async () => {
    const browser = new TestBrowser(APP);
    const start = await thrownResponse(
      logto.routes.signIn.action({ request: browser.post("/auth/sign-in", { returnTo: "/after" }) }),
    );
    expect(new URL(start.headers.get("location")!).searchParams.get("prompt")).toBe("consent");
    browser.keep(start);
    const done = await callback(browser, await browser.throughIdp(start));
    expect(done.headers.get("location")).toBe("/after");
  });

  it("answers 400 to a sign-in POST whose form cannot be read (multipart without a boundary, not a form)", async () => {
    for (const contentType of ["multipart/form-data", "application/json"]) {
      const request = new Request(`${APP}/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": contentType },
        body: "returnTo=%2Fafter",
      });
      const refused = await thrownResponse(logto.routes.signIn.action({ request }));
      expect(refused.status, contentType).toBe(400);
    }
  });

  it("sends an anonymous visitor of a protected page to the sign-in route, coming back to that page", async () => {
    const redirect = await thrownResponse(logto.requireUser(new TestBrowser(APP).navigate("/account?x=1")));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(`/auth/sign-in?returnTo=${encodeURIComponent("/account?x=1")}`);
    expect(await logto.getUser(new TestBrowser(APP).navigate("/account"))).toBeNull();
    expect(await logto.getSession(new TestBrowser(APP).navigate("/account"))).toBeNull();
  });
});

describe("LogtoRemixAuth: a visitor already signed in", () => {
  it("is sent back by the sign-in route, and home by an old callback, instead of signing in again", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const browser = new TestBrowser(APP);
    const start = browser.keep(
      await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") })),
    );
    const callbackUrl = await browser.throughIdp(start);
    await callback(browser, callbackUrl);
    expect(await logto.getUser(browser.navigate("/"))).not.toBeNull();

    const again = await thrownResponse(
      logto.routes.signIn.loader({ request: browser.request("/auth/sign-in?returnTo=%2Freports") }),
    );
    expect([again.status, again.headers.get("location")]).toEqual([303, "/reports"]);
    // The same callback again (Back to it), and Logto's answer to a finished sign-in allowed again.
    const refused = new URL(callbackUrl);
    refused.searchParams.delete("code");
    refused.searchParams.set("error", "access_denied");
    for (const url of [callbackUrl, refused]) {
      const home = await thrownResponse(logto.routes.callback.loader({ request: browser.request(url) }));
      expect([home.status, home.headers.get("location")], url.search).toEqual([303, "/"]);
    }
    expect(await logto.getUser(browser.navigate("/"))).not.toBeNull();
  });
});

describe("LogtoRemixAuth: bad callbacks", () => {
  it("answers 400 with a message to a callback opened without a response", async () => {
    const answer = await logto.routes.callback.loader({ request: new Request(`${APP}/auth/callback`) });
    expect(answer.init?.status).toBe(400);
    expect(answer.data.message).toMatch(/opened on its own it does nothing/);
  });

  it("answers 400 to a callback whose state is not this browser's, and makes no session", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const browser = new TestBrowser(APP);
    const start = browser.keep(
      await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") })),
    );
    const callbackUrl = await browser.throughIdp(start);
    callbackUrl.searchParams.set("state", "forged");
    const answer = await logto.routes.callback.loader({ request: browser.request(callbackUrl) });
    expect(answer.init?.status).toBe(400);
    expect(answer.data.message).toMatch(/could not be verified/);
    browser.keepHeaders(new Headers(answer.init?.headers));
    expect(await logto.getUser(browser.navigate("/"))).toBeNull();
  });

  it("answers 400 with the IdP's error when a sign-in that was not a probe is refused", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const browser = new TestBrowser(APP);
    const start = browser.keep(
      await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") })),
    );
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const refused = new URL(
      `${APP}/auth/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(env.idp.issuer)}`,
    );
    const answer = await logto.routes.callback.loader({ request: browser.request(refused) });
    expect(answer.init?.status).toBe(400);
    expect(answer.data).toEqual({
      message: "The sign-in was cancelled or access was refused, so nothing was shared with this app.",
      cancelled: true,
    });
  });

  it("answers a stray callback (an error, no state) like a callback opened on its own: 400, not cancelled", async () => {
    for (const query of ["", "?error=access_denied"]) {
      const answer = await logto.routes.callback.loader({ request: new Request(`${APP}/auth/callback${query}`) });
      expect(answer.init?.status, query).toBe(400);
      expect(answer.data.cancelled, query).toBe(false);
      expect(answer.data.message, query).toMatch(/opened on its own/);
    }
  });
});
