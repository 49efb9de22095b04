import { describe, expect, it } from "vitest";

import { SIGN_IN_EXPIRED_TITLE } from "./expired-page.js";
import { APP_A, APP_B, authorizationRequest, useTestIdp } from "./test-support.js";
import { CookieJar } from "./testing.js";
import type { RunningIdp } from "./types.js";

let idp: RunningIdp;
useTestIdp((started) => (idp = started));

const HTML = { accept: "text/html" };

/** A browser without JavaScript: one request with the jar's cookies, redirects not followed. */
async function load(jar: CookieJar, url: URL, body?: URLSearchParams) {
  const cookie = jar.getCookieHeader(url);
  const response = await fetch(url, {
    method: body ? "POST" : "GET",
    headers: { ...HTML, ...(cookie ? { cookie } : {}), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    redirect: "manual",
    ...(body ? { body } : {}),
  });
  jar.setFromResponse(url, response);
  const location = response.headers.get("location");
  return { status: response.status, url, location: location ? new URL(location, url) : undefined, text: await response.text() };
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
    const page = await load(new CookieJar(), new URL(`${idp.origin}/interaction/callback/huggingface?code=x&state=unknown`));
    expectExpiredPageWithWayBack(page);
    expect(page.text).toContain("The Hugging Face step of this sign-in took too long");
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
