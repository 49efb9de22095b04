import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { ada, expect, grace, test } from "../fixtures";
import { AppPage, recordDocuments } from "../pages/app";
import { HuggingFacePage } from "../pages/hugging-face";
import { urls } from "../servers";

/**
 * Every moment a visitor can meet, explained in words, at a phone's width and a laptop's: single logout in both apps,
 * the account page, a signed-in visitor sent through sign-in again, an avatar whose host does not answer, a sign-in
 * declined at Hugging Face, and the small things (titles, the favicon, the issuer's and the stand-in's pages).
 */
const widths = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const apps = {
  web: { url: urls.web, name: "Web app", other: "remix", otherName: "Remix", idpLink: "Back to Web (Next.js)" },
  remix: { url: urls.remix, name: "Remix app", other: "web", otherName: "Next.js", idpLink: "Back to Remix" },
} as const;
const titles = { web: "Web app (Next.js) · Logto SSO demo", remix: "Remix app · Logto SSO demo" } as const;
const callbackPaths = { web: "/api/auth/callback/logto", remix: "/auth/callback" } as const;

/** Nothing is wider than the window: no sideways scrolling at 390 px. */
async function expectFits(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(
    innerWidth,
  );
}

/** How many lines each element's text takes (the distinct tops of its text's boxes). */
function lineCounts(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const tops = new Set<number>();
      const range = document.createRange();
      range.selectNodeContents(element);
      for (const rect of Array.from(range.getClientRects())) if (rect.width > 0) tops.add(Math.round(rect.top));
      return { text: element.textContent?.trim() ?? "", lines: tops.size };
    }),
  );
}

/** The words of the page's text that are broken across two lines. */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)),
        );
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/** Signs `app` in through Hugging Face as `name` from its home page. */
async function signIn(app: AppPage, huggingFace: HuggingFacePage, name: string) {
  await app.open();
  await app.expectSignedOut();
  await app.clickSignIn();
  await huggingFace.signInAs(name);
}

for (const viewport of widths) {
  test.describe(`${viewport.width} px wide`, () => {
    test.use({ viewport });

    for (const appName of ["web", "remix"] as const) {
      const { other, otherName } = apps[appName];

      test(`signed out in ${appName}: it says both apps are signed out, and ${other}'s page that needs a session says why`, async ({
        page,
        web,
        remix,
        huggingFace,
      }) => {
        const app = { web, remix }[appName];
        const otherApp = { web, remix }[other];
        const otherPath = other === "web" ? "/account" : "/protected";
        await signIn(otherApp, huggingFace, ada.name);
        await otherApp.expectSignedIn(ada);
        await app.open();
        await app.expectSignedIn(ada);

        await page.getByRole("button", { name: "Sign out" }).click();
        // Logto ended its session and came back with the sign-out's state, which the app drops from the address.
        await page.waitForURL(`${app.baseUrl}/`);
        const here = page.getByTestId("session-ended");
        await expect(here).toHaveAttribute("data-reason", "signed_out_here");
        await expect(here).toContainText(`You are signed out of this app and of the ${otherName} app.`);
        await expectFits(page);
        await page.reload();
        await expect(page.getByTestId("signed-out")).toBeVisible();
        await expect(page.getByTestId("session-ended")).toHaveCount(0);

        // The other app's page that needs a session: no silent bounce to Hugging Face, the reason first.
        const documents = recordDocuments(page);
        await otherApp.open(otherPath);
        await page.waitForURL(`${otherApp.baseUrl}/?returnTo=${encodeURIComponent(otherPath)}`);
        documents.stop();
        expect(documents.documents.some((document) => document.url.includes("/huggingface/"))).toBe(false);
        expect(documents.rendered().map((document) => document.status)).toEqual([200]);
        const there = page.getByTestId("session-ended");
        await expect(there).toHaveAttribute("data-reason", "signed_out_elsewhere");
        const appThatSignedOut = appName === "web" ? "Next.js" : "Remix";
        await expect(there).toContainText(
          `You signed out in the ${appThatSignedOut} app, so you are signed out here too.`,
        );
        await expect(there).toContainText(`Sign in again to open ${otherPath}.`);
        await expectFits(page);

        // Signing in again comes back to that page.
        await otherApp.clickSignIn();
        await huggingFace.signInAs(ada.name);
        await page.waitForURL(`${otherApp.baseUrl}${otherPath}`);
        await expect(page.getByTestId(other === "web" ? "account" : "protected")).toBeVisible();
      });

      test(`${appName}: the account page reads finished`, async ({ browser }) => {
        // A time zone unlike the servers' (UTC), to tell the browser's local time from the server's.
        const context = await browser.newContext({ viewport, timezoneId: "Asia/Tokyo" });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on("pageerror", (error) => problems.push(error.message));
        page.on("console", (message) => {
          if (message.type() === "error") problems.push(message.text());
        });
        const app = new AppPage(page, apps[appName].url);
        await signIn(app, new HuggingFacePage(page), grace.name);
        await app.expectSignedIn(grace);
        await app.open("/account");
        await expect(page.getByTestId("account")).toBeVisible();

        const expiry = page.getByTestId("access-token-expires-at").locator("time");
        // The browser's clock and time zone took over from the server's.
        await expect(expiry).toHaveAttribute("data-local", "");
        const epoch = Number(await page.getByTestId("access-token-expires-at").getAttribute("data-epoch"));
        const tokyo = new Date(epoch * 1000).toLocaleTimeString("en-GB", {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
          timeZone: "Asia/Tokyo",
        });
        // The suite's access tokens live 70 s: "in 1 min" or "in less than a minute".
        const inWords = "in (less than a minute|\\d+ min|\\d+ h( \\d+ min)?)";
        await expect(expiry).toHaveText(new RegExp(`^expires ${inWords}, at ${tokyo}$`));
        // What the server sent (and what a browser without JavaScript keeps): the same words, in UTC.
        const html = await (
          await context.request.get(`${app.baseUrl}/account`, { headers: { accept: "text/html" } })
        ).text();
        expect(html.replaceAll("<!-- -->", "")).toMatch(new RegExp(`expires ${inWords}, at \\d\\d:\\d\\d UTC`));
        expect(problems.filter((problem) => /hydrat|did not match|#418|#423|#425/i.test(problem))).toEqual([]);

        // Each label on one line; the note under the list clear of its last row.
        for (const label of await lineCounts(page, "[data-testid=account] dt")) {
          expect(label.lines, `"${label.text}" at ${viewport.width} px`).toBe(1);
        }
        const lastRow = await page.locator(".facts > div").last().boundingBox();
        const note = await page.getByTestId("sid-explained").boundingBox();
        expect(note!.y - (lastRow!.y + lastRow!.height)).toBeGreaterThanOrEqual(12);
        await expect(page.getByTestId("userinfo-status")).toHaveText("valid");
        await expectFits(page);

        // Each page has a title of its own.
        await expect(page).toHaveTitle(`Account · ${titles[appName]}`);
        await app.open("/protected");
        await expect(page).toHaveTitle(`Protected page · ${titles[appName]}`);
        await app.open();
        await expect(page).toHaveTitle(titles[appName]);
        const missing = await page.goto(`${app.baseUrl}/no-such-page`);
        expect(missing?.status()).toBe(404);
        await expect(page).toHaveTitle(`Page not found · ${titles[appName]}`);
        await context.close();
      });

      test(`${appName}: a visitor already signed in who signs in again, or goes Back and allows again, stays signed in`, async ({
        page,
        huggingFace,
        web,
        remix,
      }) => {
        const app = { web, remix }[appName];
        const callbacks: string[] = [];
        page.on("request", (request) => {
          if (request.url().startsWith(`${app.baseUrl}${callbackPaths[appName]}?code=`)) callbacks.push(request.url());
        });
        await signIn(app, huggingFace, ada.name);
        await app.expectSignedIn(ada);

        // Back to Hugging Face's page, Allow again: the issuer says the visitor is still signed in, and leads back.
        await page.goBack();
        expect(new URL(page.url()).pathname).toBe("/huggingface/oauth/authorize");
        await page.getByRole("button", { name: "Allow" }).click();
        await expect(page.getByText("If you had already finished signing in, you still are")).toBeVisible();
        await expectFits(page);
        await page.getByRole("link", { name: apps[appName].idpLink }).click();
        await app.expectSignedIn(ada);

        // The sign-in route, and the same callback again: back, signed in, with no Hugging Face page and no error.
        const documents = recordDocuments(page);
        await app.open("/auth/sign-in?returnTo=%2Fprotected");
        await page.waitForURL(`${app.baseUrl}/protected`);
        await app.expectSignedIn(ada, "protected");
        expect(callbacks).toHaveLength(1);
        const replay = await page.goto(callbacks[0]!);
        expect(replay?.status()).toBe(200);
        await page.waitForURL(`${app.baseUrl}/`);
        await app.expectSignedIn(ada);
        documents.stop();
        expect(documents.documents.some((document) => document.url.includes("/huggingface/"))).toBe(false);
      });

      test(`${appName}: an avatar whose host does not answer shows the initial, with or without JavaScript`, async ({
        page,
        browser,
        huggingFace,
        web,
        remix,
      }) => {
        const app = { web, remix }[appName];
        await signIn(app, huggingFace, ada.name);
        await app.expectSignedIn(ada);
        const avatarHost = "**/huggingface/avatars/**";
        await page.route(avatarHost, (route) => route.abort("connectionrefused"));
        await app.open();
        const initial = page.getByTestId("profile").getByTestId("avatar-initial");
        await expect(initial).toHaveText("A");
        await expect(page.getByTestId("profile").locator("img")).toHaveCount(0);
        expect(await initial.boundingBox()).toMatchObject({ width: 72, height: 72 });
        await expectFits(page);

        // Without JavaScript: the broken picture stays, and the stylesheet draws the initial over it.
        const noScript = await browser.newContext({
          viewport,
          javaScriptEnabled: false,
          storageState: await page.context().storageState(),
        });
        const plain = await noScript.newPage();
        await plain.route(avatarHost, (route) => route.abort("connectionrefused"));
        await plain.goto(`${app.baseUrl}/`);
        const broken = plain.getByTestId("profile").locator("img.avatar");
        await expect(broken).toHaveJSProperty("complete", true);
        expect(await broken.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(0);
        expect(await broken.boundingBox()).toMatchObject({ width: 72, height: 72 });
        const shot = (await broken.screenshot()).toString("base64");
        await noScript.close();
        // Read its pixels in a page that runs scripts: grey and the letter's dark strokes, none of the broken-image
        // icon's colours.
        const pixels = await page.evaluate(async (png) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = document.createElement("canvas");
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext("2d")!;
          context.drawImage(image, 0, 0);
          const { data } = context.getImageData(0, 0, image.width, image.height);
          let colourful = 0;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
            if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colourful++;
            if (Math.max(r, g, b) < 90) dark++;
          }
          return { colourful, dark };
        }, shot);
        expect(pixels.colourful).toBe(0);
        expect(pixels.dark).toBeGreaterThan(20);
      });

      test(`${appName}: Deny at Hugging Face is a cancelled sign-in, with a way to try again`, async ({
        page,
        huggingFace,
        web,
        remix,
      }) => {
        const app = { web, remix }[appName];
        await app.open();
        await app.clickSignIn();
        const answer = page.waitForResponse((response) =>
          response.url().startsWith(`${app.baseUrl}${callbackPaths[appName]}`),
        );
        await huggingFace.deny(ada.name);
        expect((await answer).status()).toBe(400);
        const cancelled = page.getByTestId("sign-in-cancelled");
        await expect(cancelled.getByRole("heading")).toHaveText("Sign-in cancelled");
        await expect(cancelled).toContainText("nothing was shared with this app");
        await expect(cancelled).not.toHaveClass(/error/);
        // One way forward stands out: Try again; the way home is the quiet one.
        const [tryAgain, home] = await Promise.all(
          ["Try again", "Back to the home page"].map((name) =>
            cancelled.getByRole("link", { name }).evaluate((link) => getComputedStyle(link).backgroundColor),
          ),
        );
        expect(home).not.toBe(tryAgain);
        await expect(page).toHaveTitle(`Sign-in cancelled · ${titles[appName]}`);
        await expectFits(page);
        await cancelled.getByRole("link", { name: "Try again" }).click();
        await page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));

        // A stray callback (an error, no state) answers the same in both apps.
        const stray = await page.goto(`${app.baseUrl}${callbackPaths[appName]}?error=access_denied`);
        expect(stray?.status()).toBe(400);
        await expect(page.getByTestId("auth-error")).toContainText("opened on its own it does nothing");
        await expect(page).toHaveTitle(`Sign-in failed · ${titles[appName]}`);
        await expectFits(page);
      });
    }

    test("favicon, the issuer's page and the stand-in's mark", async ({ page, request, web }) => {
      const icons = await Promise.all(
        [urls.web, urls.remix].map(async (url) => {
          const response = await request.get(`${url}/favicon.ico`);
          expect(response.status(), url).toBe(200);
          expect(response.headers()["content-type"], url).toBe("image/x-icon");
          return response.body();
        }),
      );
      expect(icons[0]!.equals(icons[1]!)).toBe(true);
      expect(icons[0]!.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));

      await page.goto(`${urls.idp}/`);
      await expect(page.getByRole("heading", { name: "Local Logto-compatible IdP" })).toBeVisible();
      expect(await brokenWords(page)).toEqual([]);
      await expectFits(page);

      // The stand-in's mark is drawn, not an emoji that needs a font.
      await web.open();
      await web.clickSignIn();
      await page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));
      const brand = page.locator(".brand");
      await expect(brand).toHaveText("Hugging Face (stand-in)");
      await expect(brand.locator("svg")).toBeVisible();
      expect(await page.content()).not.toContain("🤗");
      await expectFits(page);

      // The README's quick start says which usernames the stand-in takes; one such name signs in as a new user.
      const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
      expect(readme).toContain(
        "2 to 30 lowercase letters,\ndigits and hyphens, not starting with a hyphen, such as `alan`",
      );
      await page.getByLabel("Another user").fill("alan");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL(`${urls.web}/`);
      await expect(page.getByTestId("profile-username")).toHaveText("@alan");
    });
  });
}
