/**
 * `getAccessToken` of `LogtoNextAuth` in-process against the real IdP, for interactive and zero-click sessions: the
 * page's redirect, the sign-in route to Logto, the callback (through the proxy and the route handler) and back.
 */
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createResourceServer } from "../resource-server/verify-access-token.js";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser } from "../test-support/integration.js";
import { signInWithIdp } from "../test-support/logout.js";
import { inNextRequest, nextRouteResponse } from "../test-support/next-request.js";
import { CALLBACK_PATH } from "./context.js";
import { LogtoNextAuth, type LogtoNextAuthResult } from "./integration.js";

const APP = "http://localhost:4986";
const NAME = "web-at";
const NOTES = "https://api.notes.test";

let env: IntegrationIdp;
let logto: LogtoNextAuthResult;
const logged: string[] = [];
beforeAll(async () => {
  env = await startIntegrationIdp(
    APP,
    CALLBACK_PATH,
    (request) => logto.routes.backchannelLogout.POST(new NextRequest(request)),
    undefined,
    {
      resources: [{ name: "Notes", indicator: NOTES, scopes: [{ name: "read:notes" }, { name: "write:notes" }] }],
      roles: [
        { name: "reader", description: "All", isDefault: true, scopes: [{ indicator: NOTES, name: "read:notes" }] },
      ],
    },
  );
  logto = LogtoNextAuth(env.config({ AUTH_LOGTO_RESOURCES: `${NOTES} read:notes write:notes` }), { name: NAME });
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await env.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

async function proxy(browser: TestBrowser, request: Request): Promise<Response> {
  return browser.keep(await logto.proxy(new NextRequest(request)));
}

/** The browser back from the IdP at the callback: through the proxy (IdP errors), then the route handler. */
async function callback(browser: TestBrowser, callbackUrl: URL): Promise<Response> {
  const proxied = await proxy(browser, browser.request(callbackUrl));
  if (!proxied.headers.has("x-middleware-next")) return proxied;
  return browser.keep(await logto.handlers.GET(new NextRequest(browser.request(callbackUrl))));
}

/** The sign-in route, as Next.js runs it. */
async function signInRoute(browser: TestBrowser, path: string): Promise<Response> {
  const request = browser.navigate(path);
  return browser.keep(await nextRouteResponse(request, () => logto.routes.signIn.GET(new NextRequest(request))));
}

/** A page asking for the token, following the redirects through the app and Logto until it has it. */
async function pageToken(browser: TestBrowser, path: string) {
  let trips = 0;
  for (;;) {
    const { value, redirect } = await inNextRequest(
      browser.navigate(path),
      () => logto.getAccessToken(path, NOTES),
      "render",
    );
    if (value) return { token: value, trips };
    expect(redirect).toBe(`/auth/sign-in?resource=${encodeURIComponent(NOTES)}&returnTo=${encodeURIComponent(path)}`);
    const toLogto = await signInRoute(browser, redirect ?? "");
    expect(new URL(toLogto.headers.get("location") ?? "").searchParams.get("prompt")).toBe("none");
    let back = await callback(browser, await browser.throughIdp(toLogto));
    trips++;
    if (back.headers.get("location")?.startsWith(env.idp.issuer)) {
      back = await callback(browser, await browser.throughIdp(back));
      trips++;
    }
    expect(back.headers.get("location")).toBe(`${APP}${path}`);
    if (trips > 4) throw new Error("no token after four trips through Logto");
  }
}

describe("getAccessToken (Next.js)", () => {
  it("gives an interactive session a JWT for the resource, and a zero-click one too", async () => {
    // Interactive: the sign-in route, Logto, the callback.
    const browser = new TestBrowser(APP);
    const start = await signInRoute(browser, "/auth/sign-in?returnTo=/");
    await callback(browser, await browser.throughIdp(start, "ada"));
    const { token, trips } = await pageToken(browser, "/notes");
    expect(trips).toBe(2);
    const notesApi = createResourceServer({ issuer: env.idp.issuer, resource: NOTES });
    const request = (t: string) => new Request("http://api.test", { headers: { authorization: `Bearer ${t}` } });
    expect((await notesApi.verifyAccessToken(request(token), { scopes: ["read:notes"] })).scopes).toEqual([
      "read:notes",
    ]);
    // From memory now.
    expect(
      (await inNextRequest(browser.navigate("/notes"), () => logto.getAccessToken("/notes", NOTES), "render")).value,
    ).toBe(token);

    // Zero-click: the proxy's probe through another app's Logto session; no refresh token.
    const { cookieJar } = await signInWithIdp(env.idp, env.otherClient, "grace");
    const silent = new TestBrowser(APP, cookieJar);
    let back = await callback(silent, await silent.throughIdp(await proxy(silent, silent.navigate("/notes"))));
    if (back.headers.get("location")?.startsWith(env.idp.issuer)) {
      back = await callback(silent, await silent.throughIdp(back));
    }
    const fresh = new TestBrowser(APP, cookieJar);
    await callback(fresh, await fresh.throughIdp(await proxy(fresh, fresh.navigate("/notes"))));
    const session = await inNextRequest(fresh.navigate("/notes"), () => logto.getSession("/notes"), "render");
    expect(session.value?.refreshToken).toBeUndefined();
    const zeroClick = await pageToken(fresh, "/notes");
    const verified = await notesApi.verifyAccessToken(request(zeroClick.token), { scopes: ["read:notes"] });
    expect(verified.subject).toBe(session.value?.user.id);
    expect(logged.join("\n")).not.toContain(token);
    expect(logged.join("\n")).not.toContain(zeroClick.token);
  });

  it("says the Logto session ended, once the trip found none, instead of redirecting again", async () => {
    const signedIn = new TestBrowser(APP);
    await callback(
      signedIn,
      await signedIn.throughIdp(await signInRoute(signedIn, "/auth/sign-in?returnTo=/"), "linus"),
    );
    const browser = new TestBrowser(APP);
    browser.cookie = signedIn.cookie;
    const ask = () => inNextRequest(browser.navigate("/notes"), () => logto.getAccessToken("/notes", NOTES), "render");
    const { redirect } = await ask();
    const toLogto = await signInRoute(browser, redirect ?? "");
    const answer = await browser.throughIdp(toLogto);
    expect(answer.searchParams.get("error")).toBe("login_required");
    expect((await callback(browser, answer)).headers.get("location")).toBe(`${APP}/notes`);
    await expect(ask()).rejects.toMatchObject({ code: "resource_token.login_required" });
  });
});

describe("getHuggingFaceToken (Next.js route handler)", () => {
  it("gives a route handler the Hugging Face token Logto stores for the request's session", async () => {
    const browser = new TestBrowser(APP);
    await callback(browser, await browser.throughIdp(await signInRoute(browser, "/auth/sign-in?returnTo=/"), "ada"));
    const asRoute = () => new NextRequest(browser.request("/api/hub"));

    const token = await logto.getHuggingFaceToken(asRoute());
    const whoami = await fetch(`${env.idp.origin}/huggingface/api/whoami-v2`, {
      headers: { authorization: `Bearer ${token.accessToken}` },
    });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ name: "ada" });
    // From memory for the same session; none for a request without one.
    expect(await logto.getHuggingFaceToken(asRoute())).toBe(token);
    await expect(logto.getHuggingFaceToken(new NextRequest(`${APP}/api/hub`))).rejects.toMatchObject({
      code: "third_party_token.session_ended",
    });
    expect(JSON.stringify(token)).not.toContain(token.accessToken);
    expect(logged.join("\n")).not.toContain(token.accessToken);
  });
});
