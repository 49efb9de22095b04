import { get } from "node:http";
import type { Page } from "@playwright/test";
import { ada, expect, grace, test } from "../fixtures";
import { type AppPage, type ExpectedUser, recordAuthorizationRequests, recordDocuments } from "../pages/app";
import { urls } from "../servers";

/** Opens `app` and proves it signed the visitor in with zero clicks, with its own authorization requests. */
async function expectZeroClickSignIn(page: Page, app: AppPage, clientId: string, user: ExpectedUser) {
  const authorization = recordAuthorizationRequests(page, urls.issuer);
  const recording = recordDocuments(page);
  await app.open();
  await app.expectSignedIn(user);
  recording.stop();
  authorization.stop();

  // The only page rendered is the app's own: no IdP page, no Hugging Face page, nothing clicked.
  expect(recording.rendered().map((document) => new URL(document.url).origin)).toEqual([app.baseUrl]);
  expect(recording.documents.some((document) => document.url.includes("/huggingface/"))).toBe(false);
  // The app got its own authorization code, for its own client: prompt=none, then the consent fallback on a first
  // visit.
  expect(authorization.requests.map((url) => url.searchParams.get("client_id"))).toEqual(
    authorization.requests.map(() => clientId),
  );
  expect(authorization.requests[0]?.searchParams.get("prompt")).toBe("none");
  expect(authorization.requests.length).toBeLessThanOrEqual(2);
  // The page says so, with the redirects the browser followed: all of them for a return visit; for a first visit, the
  // app cannot see the ones inside Logto's consent step.
  await expect(page.getByTestId("session-origin")).toHaveAttribute("data-how", "silent");
  const shownRedirects = Number(await page.getByTestId("session-origin-figures").getAttribute("data-redirects"));
  if (authorization.requests.length === 1) expect(shownRedirects).toBe(recording.documents.length - 1);
  else expect(shownRedirects).toBeLessThan(recording.documents.length - 1);
  return { authorizationRequests: authorization.requests.length, documents: recording.documents.length };
}

test("first sign-in to web goes through Hugging Face; remix then signs in with zero clicks, twice", async ({
  page,
  web,
  remix,
  huggingFace,
}) => {
  await web.open();
  await web.expectSignedOut();
  await web.clickSignIn();
  await huggingFace.signInAs(ada.name);
  await web.expectSignedIn(ada);
  await expect(page.getByTestId("session-origin")).toHaveAttribute("data-how", "signed-in-here");

  const first = await expectZeroClickSignIn(page, remix, "remix", ada);
  expect(first.authorizationRequests).toBe(2); // no grant yet: consent_required, then prompt=consent

  // A return visit, with the grant in place: one silent request, three redirects.
  await page.context().clearCookies({ name: "remix-session" });
  const returnVisit = await expectZeroClickSignIn(page, remix, "remix", ada);
  expect(returnVisit.authorizationRequests).toBe(1);
  expect(returnVisit.documents).toBe(4);
});

test("the reverse: first sign-in to remix, then web with zero clicks", async ({ page, web, remix, huggingFace }) => {
  await remix.open();
  await remix.expectSignedOut();
  await remix.clickSignIn();
  await huggingFace.signInAs(grace.name);
  await remix.expectSignedIn(grace);
  await expect(page.getByTestId("session-origin")).toHaveAttribute("data-how", "signed-in-here");

  await expectZeroClickSignIn(page, web, "web", grace);
});

for (const [first, second] of [
  ["web", "remix"],
  ["remix", "web"],
] as const) {
  test(
    `a Hugging Face account without a full name shows its Hugging Face username in ${first}, ` +
      `then in ${second} with zero clicks`,
    async ({ page, web, remix, huggingFace }) => {
      // Logto (and apps/idp, like it) gives such a user name, username and picture null: the name comes from
      // identities.
      const linus = { name: "linus", username: "linus", email: "linus@example.com", avatar: false };
      const apps = { web, remix };
      await apps[first].open();
      await apps[first].clickSignIn();
      await huggingFace.signInAs("linus");
      await apps[first].expectSignedIn(linus);
      await expectZeroClickSignIn(page, apps[second], second, linus);
    },
  );
}

for (const [first, second] of [
  ["remix", "web"],
  ["web", "remix"],
] as const) {
  test(
    `the natural demo order: ${first} signed out first, ` +
      `then sign in to ${second} and follow its link: ${first} signs in at once`,
    async ({ page, web, remix, huggingFace }) => {
      const apps = { web, remix };
      // The first visit finds no Logto session: the app remembers that, and a reload does not ask again.
      await apps[first].open();
      await apps[first].expectSignedOut();
      const reload = recordAuthorizationRequests(page, urls.issuer);
      await page.reload();
      await apps[first].expectSignedOut();
      reload.stop();
      expect(reload.requests).toHaveLength(0);

      await apps[second].open();
      await apps[second].clickSignIn();
      await huggingFace.signInAs(ada.name);
      await apps[second].expectSignedIn(ada);

      // Arriving from the other app's link is not a reload: the remembered "no session" is stale, so it asks again.
      const arrival = recordAuthorizationRequests(page, urls.issuer);
      await page.getByTestId("other-app-link").click();
      await apps[first].expectSignedIn(ada);
      arrival.stop();
      expect(arrival.requests[0]?.searchParams.get("prompt")).toBe("none");
      // The page tells how: no click, an existing Logto session, and which app the visitor came from.
      const origin = page.getByTestId("session-origin");
      await expect(origin).toHaveAttribute("data-how", "silent");
      await expect(origin).toContainText(
        `came here from the ${second === "web" ? "Next.js" : "Remix"} app (${new URL(urls[second]).host})`,
      );
    },
  );
}

for (const appName of ["web", "remix"] as const) {
  test(`${appName}: a first visit without a Logto session probes once, and a reload does not probe`, async ({
    page,
    web,
    remix,
  }) => {
    const app = { web, remix }[appName];
    const authorization = recordAuthorizationRequests(page, urls.issuer);
    await app.open("/?tab=1");
    await app.expectSignedOut();
    expect(authorization.requests.map((url) => url.searchParams.get("prompt"))).toEqual(["none"]);
    await page.reload();
    await app.expectSignedOut();
    await app.open("/");
    await app.expectSignedOut();
    expect(authorization.requests).toHaveLength(1);
    authorization.stop();
  });

  test(`${appName}: a protected page sends an anonymous visitor through sign-in and back to it`, async ({
    page,
    huggingFace,
    web,
    remix,
  }) => {
    const app = { web, remix }[appName];
    await app.open("/protected");
    await huggingFace.signInAs(ada.name);
    await page.waitForURL(`${app.baseUrl}/protected`);
    await app.expectSignedIn(ada, "protected");
  });

  test(`${appName}: denying consent at Hugging Face says the sign-in was cancelled, and makes no session`, async ({
    page,
    huggingFace,
    web,
    remix,
  }) => {
    const app = { web, remix }[appName];
    await app.open();
    await app.expectSignedOut();
    await app.clickSignIn();
    await huggingFace.deny(ada.name);
    await page.waitForURL((url) => url.href.startsWith(app.baseUrl));
    await expect(page.getByTestId("sign-in-cancelled")).toBeVisible();
    await app.open("/");
    await app.expectSignedOut();
  });
}

test(
  "Back right after signing in shows Hugging Face's consent page again (no form resubmission); " +
    "allowing twice explains and leads back",
  async ({ page, web, huggingFace }) => {
    await web.open();
    await web.clickSignIn();
    await huggingFace.signInAs(grace.name);
    await web.expectSignedIn(grace);

    await page.goBack();
    expect(new URL(page.url()).pathname).toBe("/huggingface/oauth/authorize");
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByRole("heading", { name: "This sign-in has expired" })).toBeVisible();
    await page.getByRole("link", { name: "Back to Web (Next.js)" }).click();
    await page.waitForURL(`${urls.web}/`);
    await web.expectSignedIn(grace);
  },
);

test("two users in two browser contexts never see each other's session", async ({ browser }) => {
  const sessions = await Promise.all(
    [ada, grace].map(async (user) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const { AppPage } = await import("../pages/app");
      const { HuggingFacePage } = await import("../pages/hugging-face");
      const web = new AppPage(page, urls.web);
      const remix = new AppPage(page, urls.remix);
      await web.open();
      await web.clickSignIn();
      await new HuggingFacePage(page).signInAs(user.name);
      await web.expectSignedIn(user);
      return { user, context, page, web, remix };
    }),
  );
  for (const { user, web, remix } of sessions) {
    await remix.open();
    await remix.expectSignedIn(user);
    await web.open();
    await web.expectSignedIn(user);
  }
  await Promise.all(sessions.map(({ context }) => context.close()));
});

/** A plain HTTP GET, as a crawler sends it: no cookies, no Sec-Fetch headers (fetch() would add them). */
function crawl(url: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept: "text/html" } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    }).on("error", reject);
  });
}

for (const appName of ["web", "remix"] as const) {
  test(`${appName}: a client that keeps no cookies probes at most once and comes to rest`, async () => {
    let url = `${urls[appName]}/`;
    const visited: string[] = [];
    for (let hop = 0; hop < 10; hop++) {
      visited.push(url);
      const { status, location } = await crawl(url);
      if (status < 300 || status >= 400 || !location) {
        expect(status).toBeLessThan(500);
        break;
      }
      url = new URL(location, url).href;
    }
    expect(visited.filter((visit) => visit.startsWith(`${urls.issuer}/auth?`))).toHaveLength(1);
    expect(visited.length).toBeLessThan(10);
  });
}

test("each app's /account shows its own Logto sid for the one sign-in, and says why", async ({
  page,
  web,
  remix,
  huggingFace,
}) => {
  await web.open();
  await web.clickSignIn();
  await huggingFace.signInAs(grace.name);
  await web.expectSignedIn(grace);
  const webAccount = await web.openAccount();
  await expect(page.getByTestId("sid-explained")).toContainText(
    "Logto gives each app of one Logto session its own session ID",
  );
  const remixAccount = await remix.openAccount();
  await expect(page.getByTestId("sid-explained")).toBeVisible();
  expect(webAccount.sid).toBeTruthy();
  expect(remixAccount.sid).toBeTruthy();
  expect(remixAccount.sid).not.toBe(webAccount.sid);
});
