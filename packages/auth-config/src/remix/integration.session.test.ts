/**
 * `LogtoRemixAuth` in-process against the real IdP, once signed in: refresh, back-channel logout, a user suspended in
 * Logto, sign-out, and requests the routes refuse.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type IntegrationIdp,
  startIntegrationIdp,
  suspendUser,
  TestBrowser,
  thrownResponse,
} from "../test-support/integration.js";
import { REMIX_AUTH_PATHS } from "./context.js";
import { LogtoRemixAuth, type LogtoRemixAuthResult } from "./remix2.js";

const APP = "http://localhost:4982";
const NAME = "remix-session-it";

let env: IntegrationIdp;
let logto: LogtoRemixAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, REMIX_AUTH_PATHS.callback, (request) =>
    logto.routes.backchannelLogout.action({ request }),
  );
  logto = LogtoRemixAuth(env.config(), { name: NAME, pages: { signedOut: "/" } });
});
afterAll(() => env.stop());
afterEach(() => {
  vi.restoreAllMocks();
});
beforeEach(() => {
  // Each ended session is logged; the tests assert the outcome instead.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

/** The "Session of … ended" lines logged since the test started. */
const endedLogLines = () =>
  vi
    .mocked(console.warn)
    .mock.calls.map(([line]) => String(line))
    .filter((line) => line.startsWith("Session of "));

/** A browser signed in to the app as `account`, with a Logto session in its IdP jar. */
async function signedIn(account = "ada"): Promise<TestBrowser> {
  const browser = new TestBrowser(APP);
  const start = browser.keep(
    await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") })),
  );
  const callbackUrl = await browser.throughIdp(start, account);
  browser.keep(await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })));
  expect(await logto.getUser(browser.navigate("/"))).not.toBeNull();
  return browser;
}

/** What the root loader does on a page view: a thrown reload is followed, as the browser would. */
async function pageView(browser: TestBrowser, path: string) {
  try {
    const state = await logto.handleRequest(browser.navigate(path));
    browser.keepHeaders(state.headers);
    return { reloaded: undefined, state };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { reloaded: browser.keep(thrown), state: undefined };
  }
}

const inSeconds = (seconds: number) => {
  const at = Date.now() + seconds * 1000;
  vi.spyOn(Date, "now").mockReturnValue(at);
};

describe("LogtoRemixAuth: fresh tokens", () => {
  it(
    "refreshes an access token due for renewal: the page reloads " +
      "with the new cookie, and the reads see the new tokens",
    async () => {
      const browser = await signedIn();
      const before = (await logto.getSession(browser.navigate("/")))!;
      // A minute before the access token (one hour) expires: within the renewal margin.
      inSeconds(3600 - 30);
      const { reloaded } = await pageView(browser, "/reports?q=1");
      expect(reloaded?.status).toBe(302);
      expect(reloaded?.headers.get("location")).toBe("/reports?q=1");
      const after = (await logto.getSession(browser.navigate("/reports?q=1")))!;
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessTokenExpiresAt).toBeGreaterThan(before.accessTokenExpiresAt);
      const { state } = await pageView(browser, "/reports?q=1");
      expect(state?.user).toMatchObject({ name: "Ada Lovelace" });
      // Rotation: the old refresh token is spent at Logto.
      expect(await env.refreshStatus(before.refreshToken!)).toBe(400);
    },
  );
});

describe("LogtoRemixAuth: sessions ended elsewhere", () => {
  it(
    "ends the session after a back-channel logout from " + "Logto, and the next page says signed_out_elsewhere",
    async () => {
      const browser = await signedIn("grace");
      const session = (await logto.getSession(browser.navigate("/")))!;
      // The visitor signs out in another app: Logto ends its session and tells every app of it.
      const endSession = new URL(`${env.idp.issuer}/session/end`);
      endSession.search = new URLSearchParams({
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${APP}/`,
      }).toString();
      const delivered = env.nextBackchannelLogout();
      await browser.signOutAtIdp(new Response(null, { status: 303, headers: { location: endSession.href } }));
      const delivery = await delivered;
      expect(delivery.response.status).toBe(200);

      // The root loader ends the session; a nested loader of the same request still reads the old cookie.
      const nestedLoader = browser.navigate("/inbox");
      const { reloaded } = await pageView(browser, "/inbox");
      expect(reloaded?.headers.get("location")).toBe("/inbox");
      expect(await logto.getUser(nestedLoader)).toBeNull();
      expect(endedLogLines()).toEqual([expect.stringMatching(/^Session of .+ ended: revoked by back-channel logout$/)]);
      expect(browser.get(`${NAME}-session`)).toBeUndefined();
      expect(browser.get(`${NAME}-session-ended`)).toBe("signed_out_elsewhere");
      // Signed out, the page probes Logto, which has no session any more, then shows why.
      const { reloaded: probe } = await pageView(browser, "/inbox");
      expect(new URL(probe!.headers.get("location")!).searchParams.get("prompt")).toBe("none");
      const callbackUrl = await browser.throughIdp(probe!);
      expect(callbackUrl.searchParams.get("error")).toBe("login_required");
      browser.keep(await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })));
      expect(await logto.getSessionEndedReason(browser.navigate("/inbox"))).toBe("signed_out_elsewhere");
      // A page that needs a session sends the visitor to the home page that says why, not straight to a new sign-in.
      const required = await thrownResponse(logto.requireUser(browser.navigate("/inbox")));
      expect(required.headers.get("location")).toBe("/?returnTo=%2Finbox");
      const { state } = await pageView(browser, "/inbox");
      expect(state).toMatchObject({ user: null, sessionEnded: "signed_out_elsewhere" });
      expect(browser.get(`${NAME}-session-ended`)).toBeUndefined();
      // The redirect keeps the notice for the home page, which shows it once.
      browser.keep(required);
      expect((await pageView(browser, "/?returnTo=%2Finbox")).state).toMatchObject({
        sessionEnded: "signed_out_elsewhere",
      });
      expect(browser.get(`${NAME}-session-ended`)).toBeUndefined();
      const signIn = await thrownResponse(logto.requireUser(browser.navigate("/inbox")));
      expect(signIn.headers.get("location")).toBe("/auth/sign-in?returnTo=%2Finbox");
    },
  );

  it(
    "ends the session of a user suspended in Logto at the " + "next check, an interval later: revoked_in_logto",
    async () => {
      const browser = await signedIn("linus");
      const session = (await logto.getSession(browser.navigate("/")))!;
      await suspendUser(env.idp, session.user.id);
      // Within the check interval the app does not ask Logto.
      expect((await pageView(browser, "/")).state?.user).toMatchObject({ id: session.user.id });
      inSeconds(61);
      const { reloaded } = await pageView(browser, "/");
      expect(reloaded?.status).toBe(302);
      expect(browser.get(`${NAME}-session`)).toBeUndefined();
      expect(await logto.getSessionEndedReason(browser.navigate("/"))).toBe("revoked_in_logto");
      expect(await logto.getUser(browser.navigate("/"))).toBeNull();
    },
  );
});

describe("LogtoRemixAuth: sign-out", () => {
  it(
    "signs out with a same-origin POST: session dropped, refresh " + "token revoked, off to Logto's end-session page",
    async () => {
      const browser = await signedIn();
      const { idToken, refreshToken } = (await logto.getSession(browser.navigate("/")))!;
      const response = browser.keep(await logto.routes.signOut.action({ request: browser.post("/auth/sign-out") }));
      expect(response.status).toBe(303);
      const endSession = new URL(response.headers.get("location")!);
      expect(endSession.origin + endSession.pathname).toBe(`${env.idp.issuer}/session/end`);
      expect(endSession.searchParams.get("id_token_hint")).toBe(idToken);
      expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/`);
      expect(browser.get(`${NAME}-session`)).toBeUndefined();
      expect(await env.refreshStatus(refreshToken!)).toBe(400);

      // Back from Logto with the state the sign-out sent, which Logto adds only once its session has ended: the app
      // drops it from the address and the home page, which neither probes nor shows a session, says so.
      const state = endSession.searchParams.get("state");
      expect(state).toMatch(/^[\w-]{20,}$/);
      expect(await browser.signOutAtIdp(response)).toEqual(new URL(`${APP}/?state=${state}`));
      expect((await pageView(browser, `/?state=${state}`)).reloaded?.headers.get("location")).toBe("/");
      expect((await pageView(browser, "/")).state).toMatchObject({ user: null, sessionEnded: "signed_out_here" });
      expect((await pageView(browser, "/")).state).toMatchObject({ user: null, sessionEnded: null });
    },
  );

  it("says nothing of a sign-out that Logto did not confirm (no state, or another one)", async () => {
    const browser = await signedIn();
    browser.keep(await logto.routes.signOut.action({ request: browser.post("/auth/sign-out") }));
    for (const path of ["/", "/?state=forged"]) {
      expect((await pageView(browser, path)).state).toMatchObject({ user: null, sessionEnded: null });
    }
  });

  it("refuses a sign-out from another origin (403) and by GET (405)", async () => {
    const browser = await signedIn();
    const crossSite = browser.post(
      "/auth/sign-out",
      {},
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect((await thrownResponse(logto.routes.signOut.action({ request: crossSite }))).status).toBe(403);
    const get = (() => {
      try {
        return logto.routes.signOut.loader();
      } catch (thrown) {
        return thrown as Response;
      }
    })();
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await logto.getUser(browser.navigate("/"))).not.toBeNull();
  });
});

describe("LogtoRemixAuth: back-channel logout route", () => {
  it("answers GET with 405 and a malformed logout token with 400, revoking nothing", async () => {
    const browser = await signedIn();
    const get = logto.routes.backchannelLogout.loader();
    expect(get.status).toBe(405);
    for (const body of ["logout_token=not-a-jwt", "logout_token=a.b.c", ""]) {
      const request = new Request(`${APP}/auth/backchannel-logout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      const answer = await logto.routes.backchannelLogout.action({ request });
      expect(answer.status, body).toBe(400);
      expect(await answer.json()).toMatchObject({ error: "invalid_request" });
    }
    expect(await logto.getUser(browser.navigate("/"))).not.toBeNull();
  });
});
