/**
 * `LogtoReactRouterAuth` in-process against the real IdP: the same integration as Remix's, answering with React
 * Router's `data()`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REMIX_AUTH_PATHS } from "../remix/context.js";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser, thrownResponse } from "../test-support/integration.js";
import { LogtoReactRouterAuth, type LogtoReactRouterAuthResult } from "./integration.js";

const APP = "http://localhost:4983";
const NAME = "react-router-it";

let env: IntegrationIdp;
let logto: LogtoReactRouterAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, REMIX_AUTH_PATHS.callback, (request) =>
    logto.routes.backchannelLogout.action({ request }),
  );
  logto = LogtoReactRouterAuth(env.config(), { name: NAME });
});
afterAll(() => env.stop());

describe("LogtoReactRouterAuth", () => {
  it("signs in through the IdP and back to the page that asked, then signs out of Logto", async () => {
    const browser = new TestBrowser(APP);
    const start = browser.keep(
      await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in?returnTo=/models") })),
    );
    expect(start.status).toBe(302);
    const callbackUrl = await browser.throughIdp(start, "ada");
    const back = browser.keep(
      await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })),
    );
    expect(back.headers.get("location")).toBe("/models");
    expect(browser.get(`${NAME}-session`)).toEqual(expect.any(String));

    const page = await logto.handleRequest(browser.navigate("/models"));
    expect(page.user).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
    expect(await logto.getSession(browser.navigate("/models"))).toMatchObject({ accessToken: expect.any(String) });

    const signOut = await logto.routes.signOut.action({ request: browser.post("/auth/sign-out") });
    expect(signOut.status).toBe(303);
    expect(new URL(signOut.headers.get("location")!).pathname).toBe(new URL(`${env.idp.issuer}/session/end`).pathname);
  });

  it("answers a callback opened without a response with React Router's data(): 400 and a message", async () => {
    const browser = new TestBrowser(APP);
    const answer = await logto.routes.callback.loader({ request: browser.request("/auth/callback") });
    expect(answer.init?.status).toBe(400);
    expect(answer.data.message).toMatch(/opened on its own it does nothing/);
  });
});
