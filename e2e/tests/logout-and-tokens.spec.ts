import { ada, expect, grace, test } from "../fixtures";
import { recordAuthorizationRequests } from "../pages/app";
import { ACCESS_TOKEN_TTL, urls } from "../servers";

for (const [from, to] of [
  ["remix", "web"],
  ["web", "remix"],
] as const) {
  test(`signing out of ${from} signs the browser out of ${to} (single logout)`, async ({
    page,
    web,
    remix,
    huggingFace,
  }) => {
    const apps = { web, remix };
    await apps[from].open();
    await apps[from].clickSignIn();
    await huggingFace.signInAs(grace.name);
    await apps[from].expectSignedIn(grace);
    await apps[to].open();
    await apps[to].expectSignedIn(grace);

    await apps[from].open();
    await apps[from].signOut();
    expect(new URL(page.url()).origin).toBe(apps[from].baseUrl);

    // The next request to the other app is signed out (back-channel), and its silent probe finds no Logto session.
    const authorization = recordAuthorizationRequests(page, urls.issuer);
    await apps[to].open();
    await apps[to].expectSignedOut();
    expect(authorization.requests.map((url) => url.searchParams.get("prompt"))).toEqual(["none"]);
  });
}

for (const [from, to, fromName] of [
  ["remix", "web", "Remix"],
  ["web", "remix", "Next.js"],
] as const) {
  test(`${to} says once that the visitor was signed out because they signed out in ${from}`, async ({
    page,
    web,
    remix,
    huggingFace,
  }) => {
    const apps = { web, remix };
    // A first visit says nothing of the kind.
    await apps[to].open();
    await apps[to].expectSignedOut();
    await expect(page.getByTestId("session-ended")).toHaveCount(0);

    await apps[from].open();
    await apps[from].clickSignIn();
    await huggingFace.signInAs(ada.name);
    await apps[from].expectSignedIn(ada);
    // Following the other app's link probes again, although the first visit found no Logto session.
    await page.getByTestId("other-app-link").click();
    await apps[to].expectSignedIn(ada);
    await apps[from].open();
    await apps[from].signOut();

    await apps[to].open();
    await apps[to].expectSignedOut();
    const notice = page.getByTestId("session-ended");
    await expect(notice).toHaveAttribute("data-reason", "signed_out_elsewhere");
    await expect(notice).toContainText(`You signed out in the ${fromName} app, so you are signed out here too.`);
    await page.reload();
    await apps[to].expectSignedOut();
    await expect(page.getByTestId("session-ended")).toHaveCount(0);
  });
}

test("sign-out is refused by GET", async ({ request }) => {
  const response = await request.get(`${urls.remix}/auth/sign-out`, { maxRedirects: 0 });
  expect(response.status()).toBe(405);
});

for (const appName of ["web", "remix"] as const) {
  test(`${appName}: keeps a valid access token past its expiry`, async ({ web, remix, huggingFace }) => {
    test.setTimeout(ACCESS_TOKEN_TTL * 1000 + 60_000);
    const app = { web, remix }[appName];
    await app.open();
    await app.clickSignIn();
    await huggingFace.signInAs(ada.name);
    await app.expectSignedIn(ada);
    const first = await app.openAccount();
    expect(first.userinfo).toBe("valid");
    expect(first.sid).toMatch(/\S+/);

    await expect
      .poll(async () => (await app.openAccount()).accessTokenExpiresAt, {
        timeout: ACCESS_TOKEN_TTL * 1000,
        intervals: [2_000],
      })
      .toBeGreaterThan(first.accessTokenExpiresAt);
    const refreshed = await app.openAccount();
    expect(refreshed.userinfo).toBe("valid");
    expect(refreshed.sid).toBe(first.sid);
    await app.open("/");
    await app.expectSignedIn(ada);
  });
}

test("a back-channel logout received by one instance signs the user out on the other (shared Redis)", async ({
  page,
  web,
  remix,
  huggingFace,
}) => {
  /** Whether this instance itself renders the signed-in page (no redirect: a second instance's own answer). */
  const signedInOn = async (url: string) => {
    const response = await page.request.get(url, { maxRedirects: 0, headers: { accept: "text/html" } });
    return response.status() === 200 && (await response.text()).includes('data-testid="signed-in"');
  };
  await web.open();
  await web.clickSignIn();
  await huggingFace.signInAs(ada.name);
  await web.expectSignedIn(ada);
  await remix.open();
  await remix.expectSignedIn(ada);
  // The session cookies are valid on the second instances too (same secret; localhost cookies ignore the port).
  expect(await signedInOn(urls.web2)).toBe(true);
  expect(await signedInOn(urls.remix2)).toBe(true);

  // Signing out of web instance 1: Logto's back-channel POST reaches remix instance 1 only.
  await web.open();
  await web.signOut();
  expect(await signedInOn(urls.remix2)).toBe(false);
  expect(await signedInOn(urls.web2)).toBe(false);
  // Through the public URL, the silent probe then finds no Logto session.
  await remix.open();
  await remix.expectSignedOut();
});

for (const [appName, sessionCookie] of [
  ["web", "web-session-token"],
  ["remix", "remix-session"],
] as const) {
  test(`${appName}: a silent session without a refresh token re-authenticates silently after expiry`, async ({
    page,
    web,
    remix,
    huggingFace,
  }) => {
    test.setTimeout(ACCESS_TOKEN_TTL * 1000 + 60_000);
    const app = { web, remix }[appName];
    await app.open();
    await app.clickSignIn();
    await huggingFace.signInAs(grace.name);
    await app.expectSignedIn(grace);
    // A session made by prompt=none carries no refresh token (Logto drops offline_access without consent).
    await page.context().clearCookies({ name: sessionCookie });
    await app.open();
    await app.expectSignedIn(grace);
    const silent = await app.openAccount();
    expect(silent.hasRefreshToken).toBe(false);

    const authorization = recordAuthorizationRequests(page, urls.issuer);
    await expect
      .poll(
        async () => {
          await app.open("/");
          await app.expectSignedIn(grace);
          return (await app.openAccount()).accessTokenExpiresAt;
        },
        { timeout: ACCESS_TOKEN_TTL * 1000, intervals: [2_000] },
      )
      .toBeGreaterThan(silent.accessTokenExpiresAt);
    authorization.stop();
    expect(authorization.requests.map((url) => url.searchParams.get("client_id"))).toContain(appName);
    expect((await app.openAccount()).userinfo).toBe("valid");
  });
}

test("web: a signed-in page view skips the proxy until the access token is due for renewal", async ({
  page,
  request,
  web,
  huggingFace,
}) => {
  await web.open();
  await web.clickSignIn();
  await huggingFace.signInAs(ada.name);
  await web.expectSignedIn(ada);
  const cookies = await page.context().cookies(urls.web);
  const hint = cookies.find((cookie) => cookie.name === "web-session-fresh");
  expect(hint, "the fresh-session hint").toBeDefined();
  const lifetime = hint!.expires - Date.now() / 1000;
  expect(lifetime).toBeGreaterThan(0);
  expect(lifetime).toBeLessThanOrEqual(ACCESS_TOKEN_TTL - 60);

  const header = (keep: (name: string) => boolean) =>
    cookies
      .filter((cookie) => keep(cookie.name))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  const view = async (cookie: string) => {
    const response = await request.get(`${urls.web}/`, { headers: { accept: "text/html", cookie }, maxRedirects: 0 });
    return { setCookie: response.headers()["set-cookie"] ?? "", html: await response.text() };
  };
  // With the hint: straight to the page, which reads the session itself; nothing is re-issued.
  const skipped = await view(header(() => true));
  expect(skipped.html).toContain('data-testid="signed-in"');
  expect(skipped.setCookie).not.toContain("web-session-token=");
  // Without it (as once it expires): the proxy checks the session, re-issues it and sets the hint again.
  const checked = await view(header((name) => name !== "web-session-fresh"));
  expect(checked.html).toContain('data-testid="signed-in"');
  expect(checked.setCookie).toContain("web-session-token=");
  expect(checked.setCookie).toContain("web-session-fresh=1");
});
