import { ada, expect, grace, test } from "../fixtures";
import { recordDocuments, type AppPage } from "../pages/app";
import { urls } from "../servers";

/** Signs in to `second` after `first`, and proves it took one click and no credentials. */
async function expectOneClickSignIn(page: import("@playwright/test").Page, app: AppPage, clientId: string, user: typeof ada) {
  await app.open();
  await app.expectSignedOut();
  const authorizationRequests: URL[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (`${url.origin}${url.pathname}` === `${urls.issuer}/auth`) authorizationRequests.push(url);
  });
  const recording = recordDocuments(page);
  await app.clickSignIn();
  await app.expectSignedIn(user);
  recording.stop();

  // The only page rendered is the app's own: no IdP sign-in page, no Hugging Face page.
  expect(recording.rendered().map((document) => new URL(document.url).origin)).toEqual([app.baseUrl]);
  expect(recording.documents.some((document) => document.url.includes("/huggingface/"))).toBe(false);
  // The app got its own authorization code, for its own client.
  expect(authorizationRequests.map((url) => url.searchParams.get("client_id"))).toEqual([clientId]);
}

test("first sign-in to web goes through Hugging Face and shows the profile; remix then signs in with one click", async ({
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

  await expectOneClickSignIn(page, remix, "remix", ada);

  await web.open();
  await web.expectSignedIn(ada);
});

test("the reverse: first sign-in to remix, then web with one click", async ({ page, web, remix, huggingFace }) => {
  await remix.open();
  await remix.clickSignIn();
  await huggingFace.signInAs(grace.name);
  await remix.expectSignedIn(grace);

  await expectOneClickSignIn(page, web, "web", grace);
});

for (const appName of ["web", "remix"] as const) {
  test(`${appName}: a protected page sends an anonymous visitor through sign-in and back to it`, async ({ page, huggingFace, web, remix }) => {
    const app = { web, remix }[appName];
    await app.open("/protected");
    await huggingFace.signInAs(ada.name);
    await page.waitForURL(`${app.baseUrl}/protected`);
    await app.expectSignedIn(ada, "protected");
  });

  test(`${appName}: sign-out ends the app's session`, async ({ page, huggingFace, web, remix }) => {
    const app = { web, remix }[appName];
    await app.open();
    await app.clickSignIn();
    await huggingFace.signInAs(grace.name);
    await app.expectSignedIn(grace);
    await app.signOut();
    await app.open("/");
    await app.expectSignedOut();
    await expect(page.getByTestId("signed-in")).toHaveCount(0);
  });

  test(`${appName}: denying consent at Hugging Face shows a clear error and no session`, async ({ page, huggingFace, web, remix }) => {
    const app = { web, remix }[appName];
    await app.open();
    await app.clickSignIn();
    await huggingFace.deny(ada.name);
    await page.waitForURL((url) => url.href.startsWith(app.baseUrl));
    await expect(page.getByTestId("auth-error")).toBeVisible();
    await app.open("/");
    await app.expectSignedOut();
  });
}
