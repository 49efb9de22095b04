import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { isPageNavigation } from "./page-navigation.js";
import { type ProbeErrorOutcome, type ProbeState, SsoProbe } from "./sso-probe.js";

const SECRET = "a-secret-of-at-least-thirty-two-characters";
const APP = "http://localhost:3000";

const navigation = (path = "/", headers: Record<string, string> = {}, method = "GET") =>
  new Request(`${APP}${path}`, {
    method,
    headers: {
      accept: "text/html,application/xhtml+xml",
      "sec-fetch-mode": "navigate",
      "sec-fetch-dest": "document",
      ...headers,
    },
  });

function stateOf(outcome: ProbeErrorOutcome): ProbeState {
  if (outcome.action === "not-a-probe") throw new Error("expected a probe outcome");
  return outcome.state;
}

const withCookie = (request: Request, setCookie: string) => {
  const headers = new Headers(request.headers);
  headers.set("cookie", setCookie.split(";")[0]!);
  return new Request(request.url, { headers, method: request.method });
};

describe("isPageNavigation", () => {
  it("accepts a browser's top-level navigation", () => {
    expect(isPageNavigation(navigation("/"))).toBe(true);
    expect(isPageNavigation(navigation("/protected?tab=1"))).toBe(true);
  });

  it("accepts a navigation from a client that sends no Sec-Fetch headers", () => {
    expect(isPageNavigation(new Request(`${APP}/`, { headers: { accept: "text/html" } }))).toBe(true);
  });

  it.each([
    ["a POST", navigation("/", {}, "POST")],
    ["a HEAD", navigation("/", {}, "HEAD")],
    [
      "a fetch() for JSON",
      navigation("/", { accept: "application/json", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" }),
    ],
    ["an iframe", navigation("/", { "sec-fetch-dest": "iframe" })],
    [
      "an image",
      navigation("/logo", { accept: "image/avif,*/*", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" }),
    ],
    ["an asset by extension", navigation("/assets/app.js")],
    ["a Next.js prefetch", navigation("/", { "next-router-prefetch": "1" })],
    ["a React Server Component request", navigation("/", { rsc: "1" })],
    ["a browser prefetch", navigation("/", { "sec-purpose": "prefetch" })],
    ["a legacy prefetch", navigation("/", { purpose: "prefetch" })],
    ["a Remix single-fetch data request", navigation("/account.data")],
    ["a Remix root data request", navigation("/_root.data")],
    ["a Remix v2 data request", navigation("/account?_data=routes%2Faccount")],
    ["Remix's manifest", navigation("/__manifest?p=%2F")],
  ])("refuses %s", (_, request) => {
    expect(isPageNavigation(request)).toBe(false);
  });
});

describe("SsoProbe", () => {
  const probe = new SsoProbe({
    secret: SECRET,
    cookieName: "app-sso-probe",
    silentSignInRetryAfter: 300,
    pendingFor: 60,
  });

  it("probes an anonymous navigation, never a signed-in one", () => {
    expect(probe.shouldProbe(navigation("/"), { signedIn: false })).toBe(true);
    expect(probe.shouldProbe(navigation("/"), { signedIn: true })).toBe(false);
  });

  it("never probes API routes or the auth routes", () => {
    expect(probe.shouldProbe(navigation("/api/things"), { signedIn: false })).toBe(false);
    expect(probe.shouldProbe(navigation("/auth/callback"), { signedIn: false })).toBe(false);
    expect(probe.shouldProbe(navigation("/authors"), { signedIn: false })).toBe(true);
  });

  it("can be switched off", () => {
    const off = new SsoProbe({ secret: SECRET, cookieName: "off", silentSignIn: false });
    expect(off.shouldProbe(navigation("/"), { signedIn: false })).toBe(false);
  });

  it("remembers the page asked for, and does not probe again while one is pending", () => {
    const { state, setCookie } = probe.start(navigation("/protected?tab=1"));
    expect(state).toMatchObject({ status: "pending", attempt: 1, returnTo: "/protected?tab=1" });
    const [pair, ...attributes] = setCookie.split("; ");
    expect(pair).toMatch(/^app-sso-probe=[\w-]+\.[\w-]+$/);
    // Exactly these attributes, in whatever order they are written.
    expect(attributes.sort()).toEqual(["HttpOnly", "Max-Age=60", "Path=/", "SameSite=Lax"]);
    const next = withCookie(navigation("/"), setCookie);
    expect(probe.read(next)).toEqual(state);
    expect(probe.shouldProbe(next, { signedIn: false })).toBe(false);
  });

  it("retries once with consent when the IdP session exists but the app has no grant", () => {
    const { setCookie } = probe.start(navigation("/"));
    const first = probe.onError(withCookie(navigation("/auth/callback"), setCookie), "consent_required");
    expect(first).toMatchObject({ action: "retry-with-consent", state: { status: "pending", attempt: 2 } });
    const retried = withCookie(navigation("/auth/callback"), probe.serialize(stateOf(first)));
    expect(probe.onError(retried, "consent_required")).toMatchObject({
      action: "signed-out",
      state: { status: "done" },
    });
  });

  it("ends signed out on login_required and does not probe again for the configured while", () => {
    const { setCookie } = probe.start(navigation("/page"));
    const outcome = probe.onError(withCookie(navigation("/auth/callback"), setCookie), "login_required");
    expect(outcome).toMatchObject({ action: "signed-out", state: { status: "done", returnTo: "/page" } });
    const done = probe.serialize(stateOf(outcome));
    expect(done).toContain("Max-Age=300");
    expect(probe.shouldProbe(withCookie(navigation("/page"), done), { signedIn: false })).toBe(false);
  });

  it("probes again at once a visitor who arrives from another app, but not on the way back, a reload or within the app", () => {
    const { setCookie } = probe.start(navigation("/", { referer: "http://localhost:3002/" }));
    const outcome = probe.onError(withCookie(navigation("/auth/callback"), setCookie), "login_required");
    const returning = probe.serialize(stateOf(outcome));
    // The redirect back from the probe still carries the other app's Referer: it must come to rest.
    const backFromProbe = withCookie(navigation("/", { referer: "http://localhost:3002/" }), returning);
    expect(probe.shouldProbe(backFromProbe, { signedIn: false })).toBe(false);
    const settled = probe.settle(backFromProbe);
    expect(settled).toBeDefined();
    expect(probe.settle(withCookie(navigation("/"), settled!))).toBeUndefined();

    const fromOtherApp = withCookie(navigation("/", { referer: "http://localhost:3002/protected" }), settled!);
    expect(probe.shouldProbe(fromOtherApp, { signedIn: false })).toBe(true);
    const reload = withCookie(
      navigation("/", { referer: "http://localhost:3002/", "cache-control": "max-age=0" }),
      settled!,
    );
    expect(probe.shouldProbe(reload, { signedIn: false })).toBe(false);
    const withinApp = withCookie(navigation("/protected", { referer: `${APP}/` }), settled!);
    expect(probe.shouldProbe(withinApp, { signedIn: false })).toBe(false);
    const typed = withCookie(navigation("/"), settled!);
    expect(probe.shouldProbe(typed, { signedIn: false })).toBe(false);
  });

  it("does not probe on the way back from Logto's sign-out page", () => {
    const signedOut = probe.serialize(probe.signedOut());
    expect(
      probe.shouldProbe(withCookie(navigation("/", { referer: "http://localhost:3001/" }), signedOut), {
        signedIn: false,
      }),
    ).toBe(false);
  });

  it("treats an error without a pending probe as not a probe (no loop for clients without cookies)", () => {
    expect(probe.onError(navigation("/auth/callback"), "login_required")).toEqual({ action: "not-a-probe" });
    const done = probe.serialize(probe.signedOut());
    expect(probe.onError(withCookie(navigation("/auth/callback"), done), "login_required")).toEqual({
      action: "not-a-probe",
    });
  });

  it("ignores a forged or tampered probe cookie", () => {
    const { setCookie } = probe.start(navigation("/"));
    const [name, value] = setCookie.split(";")[0]!.split("=") as [string, string];
    const [payload] = value.split(".");
    const forged = Buffer.from(
      JSON.stringify({ status: "done", attempt: 1, returnTo: "https://evil.example", at: 0 }),
    ).toString("base64url");
    expect(probe.read(withCookie(navigation("/"), `${name}=${forged}.${value.split(".")[1]}`))).toBeNull();
    expect(probe.read(withCookie(navigation("/"), `${name}=${payload}.AAAA`))).toBeNull();
    const otherApp = new SsoProbe({ secret: SECRET, cookieName: "other" });
    expect(otherApp.read(withCookie(navigation("/"), setCookie.replace(name, "other")))).toBeNull();
  });

  it("refuses a short secret", () => {
    expect(() => new SsoProbe({ secret: "short", cookieName: "x" })).toThrow(/at least 32 characters/);
    expect(() => new SsoProbe({ secret: "short", cookieName: "x" })).toThrow(
      expect.objectContaining({ code: "argument.invalid" }),
    );
  });
});

/** Whether a client of `issuer` finds it reachable; a client of its own each time, so that no answer is cached. */
const isIssuerReachable = (issuer: string, options?: { timeoutMs?: number }) =>
  new LogtoClient({ issuer, clientId: "app", clientSecret: "app-secret" }).isReachable(options);

describe("LogtoClient.isReachable", () => {
  it("answers true for a live issuer and false for a dead or slow one, without waiting past the timeout", async () => {
    const server = createServer((request, response) => {
      if (request.url?.startsWith("/slow")) return; // never answers
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await isIssuerReachable(`${base}/oidc`)).toBe(true);
      const started = Date.now();
      expect(await isIssuerReachable(`${base}/slow`, { timeoutMs: 200 })).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await isIssuerReachable("http://127.0.0.1:1/oidc")).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("SsoProbe: how a silent sign-in began", () => {
  const probe = new SsoProbe({ secret: SECRET, cookieName: "app-sso-probe", appOrigin: APP });

  it("records when the probe started and the other site the visitor came from", () => {
    const before = Date.now();
    const { state, setCookie } = probe.start(navigation("/", { referer: "http://localhost:3002/protected" }));
    expect(state.cameFrom).toBe("http://localhost:3002");
    expect(state.startedAt).toBeGreaterThanOrEqual(before);
    expect(probe.read(withCookie(navigation("/"), setCookie))).toEqual(state);
  });

  it("records no origin for a navigation within the app, or without a Referer", () => {
    expect(probe.start(navigation("/", { referer: `${APP}/account` })).state.cameFrom).toBeUndefined();
    expect(probe.start(navigation("/")).state.cameFrom).toBeUndefined();
    expect(probe.start(navigation("/", { referer: "not a url" })).state.cameFrom).toBeUndefined();
  });

  it("keeps the start and the origin through the consent retry", () => {
    const { state, setCookie } = probe.start(navigation("/", { referer: "http://localhost:3002/" }));
    const retry = stateOf(
      probe.onError(withCookie(navigation("/api/auth/callback/logto"), setCookie), "consent_required"),
    );
    expect(retry).toMatchObject({ attempt: 2, startedAt: state.startedAt, cameFrom: "http://localhost:3002" });
  });

  it("drops a pending probe for an interactive sign-in, and nothing else", () => {
    const pending = withCookie(navigation("/"), probe.start(navigation("/")).setCookie);
    expect(probe.dropPending(pending)).toBe(probe.clear());
    const done = withCookie(navigation("/"), probe.serialize(probe.signedOut()));
    expect(probe.dropPending(done)).toBeUndefined();
    expect(probe.dropPending(navigation("/"))).toBeUndefined();
  });
});
