/** `getHuggingFaceToken(request)` of `LogtoRemixAuth` in-process against the real IdP: the session's token, or why not. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ThirdPartyTokenError } from "../client/third-party-token.js";
import { type IntegrationIdp, startIntegrationIdp, TestBrowser, thrownResponse } from "../test-support/integration.js";
import { REMIX_AUTH_PATHS } from "./context.js";
import { LogtoRemixAuth, type LogtoRemixAuthResult } from "./remix2.js";

const APP = "http://localhost:4983";

let env: IntegrationIdp;
let logto: LogtoRemixAuthResult;
beforeAll(async () => {
  env = await startIntegrationIdp(APP, REMIX_AUTH_PATHS.callback, (request) =>
    logto.routes.backchannelLogout.action({ request }),
  );
  logto = LogtoRemixAuth(env.config(), { name: "remix-hf-it" });
});
afterAll(() => env.stop());

async function signedIn(account: string): Promise<TestBrowser> {
  const browser = new TestBrowser(APP);
  const start = browser.keep(
    await thrownResponse(logto.routes.signIn.loader({ request: browser.request("/auth/sign-in") })),
  );
  const callbackUrl = await browser.throughIdp(start, account);
  browser.keep(await thrownResponse(logto.routes.callback.loader({ request: browser.request(callbackUrl) })));
  return browser;
}

describe("LogtoRemixAuth: getHuggingFaceToken(request)", () => {
  it("gives each signed-in user their own Hugging Face token, the same one on their next request", async () => {
    const ada = await signedIn("ada");
    const grace = await signedIn("grace");
    const adaToken = await logto.getHuggingFaceToken(ada.navigate("/huggingface"));
    const graceToken = await logto.getHuggingFaceToken(grace.navigate("/huggingface"));
    expect(adaToken.accessToken).toMatch(/^hf_oauth_/);
    expect(graceToken.accessToken).not.toBe(adaToken.accessToken);
    expect(await logto.getHuggingFaceToken(ada.navigate("/huggingface"))).toBe(adaToken);
    const whoami = await fetch(`${env.idp.origin}/huggingface/api/whoami-v2`, {
      headers: { authorization: `Bearer ${graceToken.accessToken}` },
    });
    expect(((await whoami.json()) as { name: string }).name).toBe("grace");
  });

  it("refuses a request without a session: session_ended", async () => {
    const error = await logto.getHuggingFaceToken(new TestBrowser(APP).navigate("/huggingface")).catch((e) => e);
    expect(error).toBeInstanceOf(ThirdPartyTokenError);
    expect(error).toMatchObject({ code: "third_party_token.session_ended", needsReconnect: true });
  });
});
