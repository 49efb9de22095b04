/**
 * `getAccessToken` of `LogtoRemixAuth` in-process against the real IdP, for interactive and zero-click sessions, and
 * the tokens it gets checked by the resource server's `verifyAccessToken`.
 */
import type { RbacSeed } from "@logto-hf/dev-idp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LogtoError } from "../errors.js";
import { accessTokenErrorResponse, createResourceServer } from "../resource-server/verify-access-token.js";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser, thrownResponse } from "../test-support/integration.js";
import { signInWithIdp } from "../test-support/logout.js";
import { REMIX_AUTH_PATHS } from "./context.js";
import { LogtoRemixAuth, type LogtoRemixAuthResult } from "./remix2.js";

const APP = "http://localhost:4983";
const NAME = "remix-at";
const NOTES = "https://api.notes.test";
const OTHER = "https://api.other.test";
const NOTES_SEED: RbacSeed = {
  resources: [
    { name: "Notes", indicator: NOTES, scopes: [{ name: "read:notes" }, { name: "write:notes" }] },
    { name: "Other", indicator: OTHER, scopes: [{ name: "read:other" }] },
  ],
  roles: [
    {
      name: "reader",
      description: "Every user",
      isDefault: true,
      scopes: [
        { indicator: NOTES, name: "read:notes" },
        { indicator: OTHER, name: "read:other" },
      ],
    },
    { name: "editor", description: "Nobody yet", scopes: [{ indicator: NOTES, name: "write:notes" }] },
  ],
};
const RESOURCES = `${NOTES} read:notes write:notes, ${OTHER} read:other`;

let env: IntegrationIdp;
let logto: LogtoRemixAuthResult;
const logged: string[] = [];
beforeAll(async () => {
  env = await startIntegrationIdp(
    APP,
    REMIX_AUTH_PATHS.callback,
    (request) => logto.routes.backchannelLogout.action({ request }),
    undefined,
    NOTES_SEED,
  );
  logto = LogtoRemixAuth(env.config({ AUTH_LOGTO_RESOURCES: RESOURCES }), { name: NAME });
});
afterAll(() => env.stop());
beforeEach(() => {
  logged.length = 0;
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function callback(browser: TestBrowser, callbackUrl: URL): Promise<Response> {
  return browser.keep(await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })));
}

/** Signs in by clicking "Sign in" (a refresh token), with `jar`'s Logto session when given. */
async function signedInBrowser(account = "ada"): Promise<TestBrowser> {
  const browser = new TestBrowser(APP);
  const start = browser.keep(
    await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in?returnTo=/") })),
  );
  await callback(browser, await browser.throughIdp(start, account));
  return browser;
}

/**
 * Asks for the token on `page`, following the redirects through the app and Logto (no page, no click) until the
 * loader answers; the number of trips through Logto.
 */
async function accessToken(browser: TestBrowser, page: string, resource = NOTES) {
  let trips = 0;
  for (;;) {
    try {
      return { token: await logto.getAccessToken(browser.navigate(page), resource), trips };
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      const location = thrown.headers.get("location") ?? "";
      expect(location).toBe(
        `/auth/sign-in?resource=${encodeURIComponent(resource)}&returnTo=${encodeURIComponent(page)}`,
      );
      const toLogto = browser.keep(
        await thrownResponse(logto.routes.signIn.loader({ request: browser.navigate(location) })),
      );
      let back = await callback(browser, await browser.throughIdp(toLogto));
      trips++;
      // Logto asked for consent: the retry with prompt=consent, which a first-party app passes without a screen.
      if (back.headers.get("location")?.startsWith(env.idp.issuer)) {
        back = await callback(browser, await browser.throughIdp(back));
        trips++;
      }
      expect(back.headers.get("location")).toBe(page);
      if (trips > 4) throw new Error("no token after four trips through Logto");
    }
  }
}

const notesApi = () => createResourceServer({ issuer: env.idp.issuer, resource: NOTES });
const bearer = (token: string) =>
  new Request("http://api.test/notes", { headers: { authorization: `Bearer ${token}` } });

describe("getAccessToken (Remix)", () => {
  it("gives an interactive session a JWT for the resource, without a click, then from memory", async () => {
    const browser = await signedInBrowser("ada");
    expect((await logto.getSession(browser.navigate("/")))?.refreshToken).toEqual(expect.any(String));
    const { token, trips } = await accessToken(browser, "/notes?tab=mine");
    expect(trips).toBe(2);
    const verified = await notesApi().verifyAccessToken(bearer(token), { scopes: ["read:notes"] });
    expect(verified).toMatchObject({ clientId: env.client.clientId, scopes: ["read:notes"] });
    expect(verified.subject).toBe((await logto.getUser(browser.navigate("/")))?.id);

    // Cached: no trip, the same token.
    expect(await logto.getAccessToken(browser.navigate("/notes"), NOTES)).toBe(token);
    // Another resource: its own token, its own audience.
    const other = await accessToken(browser, "/notes", OTHER);
    expect(other.trips).toBe(2);
    await expect(notesApi().verifyAccessToken(bearer(other.token))).rejects.toMatchObject({
      code: "access_token.invalid",
      status: 401,
    });
    expect(logged.join("\n")).not.toContain(token);
  });

  it("gives a zero-click session (no refresh token) a token the same way", async () => {
    const { cookieJar } = await signInWithIdp(env.idp, env.otherClient, "grace");
    const browser = new TestBrowser(APP, cookieJar);
    const probe = browser.keep(await thrownResponse(logto.handleRequest(browser.navigate("/notes"))));
    let back = await callback(browser, await browser.throughIdp(probe));
    if (back.headers.get("location")?.startsWith(env.idp.issuer)) {
      back = await callback(browser, await browser.throughIdp(back));
    }
    const session = await logto.getSession(browser.navigate("/notes"));
    expect(session?.origin).toMatchObject({ how: "silent" });
    // A return visit through prompt=none has no refresh token: a second, fresh browser comes back silently.
    const second = new TestBrowser(APP, cookieJar);
    const probe2 = second.keep(await thrownResponse(logto.handleRequest(second.navigate("/notes"))));
    expect((await callback(second, await second.throughIdp(probe2))).headers.get("location")).toBe("/notes");
    expect((await logto.getSession(second.navigate("/notes")))?.refreshToken).toBeUndefined();

    const { token } = await accessToken(second, "/notes");
    const verified = await notesApi().verifyAccessToken(bearer(token), { scopes: ["read:notes"] });
    expect(verified.subject).toBe(session?.user.id);
    // The user has no role with write:notes: 403 insufficient_scope, as RFC 6750 says.
    const refused = await notesApi()
      .verifyAccessToken(bearer(token), { scopes: ["write:notes"] })
      .then(() => new Response("verified", { status: 200 }))
      .catch((error: unknown) => accessTokenErrorResponse(error, NOTES));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="https:\/\/api.notes.test", error="insufficient_scope", error_description="[^"]+", scope="write:notes"$/,
    );
    expect(await refused.text()).not.toContain(token);
  });

  it("gives the scope of a role granted in Logto at the next token", async () => {
    const browser = await signedInBrowser("linus");
    const userId = (await logto.getUser(browser.navigate("/")))?.id;
    const roles = (await (await fetch(`${env.idp.origin}/api/roles`)).json()) as { id: string; name: string }[];
    const editor = roles.find((role) => role.name === "editor")?.id;
    const granted = await fetch(`${env.idp.origin}/api/users/${userId}/roles`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ roleIds: [editor] }),
    });
    expect(granted.status).toBe(201);
    const { token } = await accessToken(browser, "/notes");
    expect((await notesApi().verifyAccessToken(bearer(token), { scopes: ["write:notes"] })).scopes).toEqual([
      "read:notes",
      "write:notes",
    ]);
  });

  it("says the Logto session ended (login_required) once, without a loop, instead of redirecting again", async () => {
    const signedIn = await signedInBrowser("ada");
    // Logto's session is gone from this browser (signed out, or expired): the app's own session is still there.
    const browser = new TestBrowser(APP);
    browser.cookie = signedIn.cookie;
    const ask = () => logto.getAccessToken(browser.navigate("/notes"), NOTES);
    const toApp = await thrownResponse(ask());
    const toLogto = browser.keep(
      await thrownResponse(logto.routes.signIn.loader({ request: browser.navigate(toApp.headers.get("location")!) })),
    );
    const answer = await browser.throughIdp(toLogto);
    expect(answer.searchParams.get("error")).toBe("login_required");
    expect((await callback(browser, answer)).headers.get("location")).toBe("/notes");
    await expect(ask()).rejects.toMatchObject({ code: "resource_token.login_required" });
    await expect(ask()).rejects.toBeInstanceOf(LogtoError);
  });

  it("refuses a resource the app does not list, and a visitor without a session", async () => {
    const browser = await signedInBrowser("ada");
    await expect(logto.getAccessToken(browser.navigate("/"), "https://unlisted.test")).rejects.toMatchObject({
      code: "resource_token.unknown_resource",
    });
    await expect(logto.getAccessToken(new TestBrowser(APP).navigate("/"), NOTES)).rejects.toMatchObject({
      code: "resource_token.signed_out",
    });
  });
});

describe("getAccessToken (Remix) while Logto is down", () => {
  it("answers resource_token.unreachable instead of sending the browser to a dead Logto", async () => {
    const app = "http://localhost:4984";
    const down = await startIntegrationIdp(app, REMIX_AUTH_PATHS.callback, () => Promise.resolve(new Response()));
    const auth = LogtoRemixAuth(down.config({ AUTH_LOGTO_RESOURCES: RESOURCES }), { name: "remix-down" });
    const browser = new TestBrowser(app);
    const start = browser.keep(
      await thrownResponse(auth.routes.signIn.loader({ request: browser.request("/auth/sign-in?returnTo=/") })),
    );
    browser.keep(
      await thrownResponse(auth.routes.callback.loader({ request: browser.request(await browser.throughIdp(start)) })),
    );
    await down.stop();
    // The app remembers Logto's reachability for a second: past it, it asks again and finds Logto down.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 1_500);
    await expect(auth.getAccessToken(browser.navigate("/notes"), NOTES)).rejects.toMatchObject({
      code: "resource_token.unreachable",
    });
  });
});
