import { describe, expect, it } from "vitest";

import { SIGN_IN_EXPIRED_TITLE } from "./expired-page.js";
import { APP_A, APP_B, authorizationRequest, useTestIdp } from "./test-support.js";
import { CookieJar, parseForms } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

const HTML = { accept: "text/html" };

/** A browser without JavaScript: one request with the jar's cookies, redirects not followed. */
async function load(jar: CookieJar, url: URL, body?: URLSearchParams) {
  const cookie = jar.getCookieHeader(url);
  const response = await fetch(url, {
    method: body ? "POST" : "GET",
    headers: {
      ...HTML,
      ...(cookie ? { cookie } : {}),
      ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    redirect: "manual",
    ...(body ? { body } : {}),
  });
  jar.setFromResponse(url, response);
  const location = response.headers.get("location");
  return {
    status: response.status,
    url,
    location: location ? new URL(location, url) : undefined,
    text: await response.text(),
  };
}

/** Follows redirects from `url` while they stay on the IdP, noting every URL passed; stops at a page or at the app. */
async function follow(jar: CookieJar, url: URL, body?: URLSearchParams) {
  const passed: URL[] = [];
  let result = await load(jar, url, body);
  while (result.location && result.location.origin === idp.origin) {
    passed.push(result.location);
    result = await load(jar, result.location);
  }
  return { ...result, passed };
}

function expectExpiredPageWithWayBack(page: { status: number; text: string }) {
  expect(page.status).toBe(400);
  expect(page.text).toContain(`<h1>${SIGN_IN_EXPIRED_TITLE}</h1>`);
  expect(page.text).toContain("Nothing in your account has changed.");
  expect(page.text).toContain(`<a class="btn" href="http://localhost:4101/">Back to ${APP_A.name}</a>`);
  expect(page.text).toContain(`<a class="btn" href="http://localhost:4102/">Back to ${APP_B.name}</a>`);
}

describe("a sign-in that cannot go on", () => {
  it("explains an interaction whose cookie is missing and links back to every app", async () => {
    const page = await load(new CookieJar(), new URL(`${idp.origin}/interaction/does-not-exist`));
    expectExpiredPageWithWayBack(page);
    expect(page.text).toContain("left open for too long, or it was opened in another browser");
  });

  it("explains a Hugging Face callback whose state is unknown or expired", async () => {
    const page = await load(
      new CookieJar(),
      new URL(`${idp.origin}/interaction/callback/huggingface?code=x&state=unknown`),
    );
    expectExpiredPageWithWayBack(page);
    expect(page.text).toContain("The Hugging Face step of this sign-in took too long");
  });

  it("explains a sign-in that was already finished: Back to Hugging Face and Allow again, or the resume URL again", async () => {
    const jar = new CookieJar();
    const start = new URL(authorizationRequest(idp, APP_A, { direct_sign_in: "social:huggingface" }).url);
    const picker = await follow(jar, start);
    const pick = parseForms(picker.text)[0];
    if (!pick) throw new Error(`no account picker at ${picker.url}`);
    const consentUrl = (
      await load(jar, new URL(pick.action, picker.url), new URLSearchParams([...pick.hidden, ["account", "ada"]]))
    ).location;
    if (!consentUrl) throw new Error("picking an account did not redirect");

    const allow = async () => {
      const consentPage = await load(jar, consentUrl);
      expect(consentPage.status).toBe(200);
      const consent = parseForms(consentPage.text)[0];
      if (!consent) throw new Error("no consent form");
      return follow(
        jar,
        new URL(consent.action, consentUrl),
        new URLSearchParams([...consent.hidden, ["decision", "allow"]]),
      );
    };
    const signedIn = await allow();
    expect(signedIn.location?.searchParams.get("code")).toBeTruthy();

    // The browser's Back button leads to the stand-in's consent page, which still loads; allowing again cannot work.
    const again = await allow();
    expect(again.location).toBeUndefined();
    expectExpiredPageWithWayBack(again);
    expect(again.text).toContain(
      "The Hugging Face step of this sign-in took too long, or its page was used a second time",
    );

    const resume = signedIn.passed.find((url) => /^\/oidc\/auth\/[^/]+$/.test(url.pathname));
    if (!resume) throw new Error("the sign-in did not pass the resume URL");
    const resumedAgain = await load(jar, resume);
    expectExpiredPageWithWayBack(resumedAgain);
    expect(resumedAgain.text).toContain("This sign-in was already finished");
    expect(resumedAgain.text).toMatch(/Details: [a-z ]+/);
  });

  it("offers the way back on the IdP's other error pages too", async () => {
    const url = new URL(authorizationRequest(idp, APP_A).url);
    url.searchParams.set("client_id", "unknown-app");
    const page = await load(new CookieJar(), url);
    expect(page.status).toBe(400);
    expect(page.text).toContain("invalid_client");
    expect(page.text).toContain(`<a class="btn" href="http://localhost:4101/">Back to ${APP_A.name}</a>`);
  });

  it("offers the way back on the stand-in's error page", async () => {
    const page = await load(new CookieJar(), new URL(`${idp.origin}/huggingface/oauth/authorize?client_id=nope`));
    expect(page.status).toBe(400);
    expect(page.text).toContain("Hugging Face cannot continue this sign-in");
    expect(page.text).toContain(`<a class="btn" href="http://localhost:4102/">Back to ${APP_B.name}</a>`);
  });
});
