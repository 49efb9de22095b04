import type { Page } from "@playwright/test";
import { ada, expect, grace, test } from "../fixtures";
import { type AppPage, recordAuthorizationRequests, recordDocuments } from "../pages/app";
import { examples, urls } from "../servers";

/**
 * The apps of examples/: a fresh create-next-app project and a React Router app, each with only the package README's
 * files, installed from the packed package, built by their frameworks and running at other ports of localhost beside
 * web and remix. They share one sign-in and one sign-out with the demo apps.
 */
const exampleApps = [
  { key: "nextApp", label: "a create-next-app app" },
  { key: "reactRouterApp", label: "a React Router app" },
] as const;

interface Shown {
  name: string;
  username: string;
}

/** The example's README page that needs a session: `Signed in as <name> (@<username>)`. */
async function expectExampleSignedIn(page: Page, baseUrl: string, user: Shown) {
  await page.waitForURL((url) => url.href.startsWith(`${baseUrl}/protected`));
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${user.name} (@${user.username})`);
}

/** Opening the example's protected page without a session ends at Hugging Face's account picker: signed out. */
async function expectExampleSignedOut(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/protected`);
  await page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));
}

async function signOutOfExample(page: Page, baseUrl: string) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.href === `${baseUrl}/`);
}

for (const { key, label } of exampleApps) {
  const baseUrl = urls[key];
  const clientId = examples[key].client.clientId;

  test.describe(label, () => {
    test("signs in with zero clicks after a sign-in to web, showing the Hugging Face name and username", async ({
      page,
      web,
      huggingFace,
    }) => {
      await web.open();
      await web.clickSignIn();
      await huggingFace.signInAs(ada.name);
      await web.expectSignedIn(ada);

      const authorization = recordAuthorizationRequests(page, urls.issuer);
      const documents = recordDocuments(page);
      await page.goto(`${baseUrl}/protected`);
      await expectExampleSignedIn(page, baseUrl, ada);
      authorization.stop();
      documents.stop();
      // Its own client, prompt=none first (then the consent fallback of a first visit); no page but its own shown.
      expect(authorization.requests.map((url) => url.searchParams.get("client_id"))).toEqual(
        authorization.requests.map(() => clientId),
      );
      expect(authorization.requests[0]?.searchParams.get("prompt")).toBe("none");
      expect(authorization.requests.length).toBeLessThanOrEqual(2);
      expect(documents.rendered().map((document) => new URL(document.url).origin)).toEqual([baseUrl]);
    });

    test("a sign-in here signs web and remix in with zero clicks, and keeps each app's own session", async ({
      page,
      web,
      remix,
      huggingFace,
    }) => {
      await page.goto(`${baseUrl}/protected`);
      await huggingFace.signInAs(grace.name);
      await expectExampleSignedIn(page, baseUrl, grace);

      for (const app of [web, remix]) {
        const authorization = recordAuthorizationRequests(page, urls.issuer);
        await app.open();
        await app.expectSignedIn(grace);
        authorization.stop();
        expect(authorization.requests[0]?.searchParams.get("prompt")).toBe("none");
      }
      // Cookies of one host, named per app: the example still has its own session.
      await page.goto(`${baseUrl}/protected`);
      await expectExampleSignedIn(page, baseUrl, grace);
    });

    test("signing out here signs the browser out of web and remix (single logout)", async ({
      page,
      web,
      remix,
      huggingFace,
    }) => {
      await web.open();
      await web.clickSignIn();
      await huggingFace.signInAs(ada.name);
      await web.expectSignedIn(ada);
      await remix.open();
      await remix.expectSignedIn(ada);
      await page.goto(`${baseUrl}/protected`);
      await expectExampleSignedIn(page, baseUrl, ada);

      await signOutOfExample(page, baseUrl);
      for (const app of [web, remix] as AppPage[]) {
        await app.open();
        await app.expectSignedOut();
      }
      await expectExampleSignedOut(page, baseUrl);
    });

    test("signing out of web signs the browser out here (single logout)", async ({ page, web, huggingFace }) => {
      await page.goto(`${baseUrl}/protected`);
      await huggingFace.signInAs("linus");
      // A Hugging Face account without a full name: its username stands for the name.
      await expectExampleSignedIn(page, baseUrl, { name: "linus", username: "linus" });
      await web.open();
      await web.expectSignedIn({ name: "linus", username: "linus", email: "linus@example.com", avatar: false });

      await web.signOut();
      await expectExampleSignedOut(page, baseUrl);
    });

    test("probes Logto once for an anonymous visitor, and not again on the next pages", async ({ page }) => {
      const authorization = recordAuthorizationRequests(page, urls.issuer);
      await page.goto(`${baseUrl}/?tab=1`);
      await page.waitForURL((url) => url.href === `${baseUrl}/?tab=1`);
      expect(authorization.requests.map((url) => url.searchParams.get("prompt"))).toEqual(["none"]);
      await page.reload();
      await page.goto(`${baseUrl}/`);
      await page.waitForURL((url) => url.href === `${baseUrl}/`);
      authorization.stop();
      expect(authorization.requests).toHaveLength(1);
    });
  });
}
