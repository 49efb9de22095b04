import type { Page, TestInfo } from "@playwright/test";
import { ada, expect, test } from "../fixtures";

/**
 * Every page of both apps at a phone's width and a laptop's: nothing overflows sideways, the header's texts stay
 * on one line each, and a full-page screenshot of each is attached to the test (under test-results/).
 */
const widths = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const callbackPaths = { web: "/api/auth/callback/logto", remix: "/auth/callback" } as const;

/** What is wrong with the page's layout: sideways overflow, or a header text that wraps onto a second line. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > window.innerWidth)
      problems.push(`the page is ${scrollWidth} px wide in a ${window.innerWidth} px window`);
    // The lines an element's text takes: the distinct tops of its text's boxes.
    const lines = (element: Element) => {
      const tops = new Set<number>();
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of Array.from(range.getClientRects())) if (rect.width > 0) tops.add(Math.round(rect.top));
      }
      return tops.size;
    };
    const oneLine = [
      "header a",
      ".brand-name",
      ".brand-framework",
      "[data-testid=profile-username]",
      "[data-testid=profile-email]",
      "button",
    ];
    for (const element of Array.from(document.querySelectorAll(oneLine.join(", ")))) {
      if (lines(element) > 1) problems.push(`"${element.textContent?.trim()}" wraps over ${lines(element)} lines`);
    }
    return problems;
  });
}

/** Checks the page's layout, then attaches a full-page screenshot named after the app, the screen and the width. */
async function screen(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.locator("header")).toBeVisible();
  // Images (the header's mark, the avatar) loaded, so that the screenshot shows them.
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  expect(await layoutProblems(page), `${name} at ${page.viewportSize()?.width} px`).toEqual([]);
}

for (const viewport of widths) {
  test.describe(`${viewport.width} px wide`, () => {
    test.use({ viewport });

    for (const appName of ["web", "remix"] as const) {
      test(`${appName}: every page fits the screen`, async ({ page, web, remix, huggingFace }, testInfo) => {
        const app = { web, remix }[appName];
        const shot = (name: string) => screen(page, testInfo, `${appName}-${viewport.width}-${name}`);

        await app.open();
        await app.expectSignedOut();
        await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
        await shot("home-signed-out");

        await app.open("/?signed_out=logto_unreachable");
        await expect(page.getByTestId("sign-out-incomplete")).toBeVisible();
        await shot("home-sign-out-incomplete");

        const notFound = await page.goto(`${app.baseUrl}/no-such-page`);
        expect(notFound?.status()).toBe(404);
        await expect(page.getByTestId("not-found")).toBeVisible();
        await expect(page.getByTestId("other-app-link")).toBeVisible();
        await shot("not-found");

        await page.goto(`${app.baseUrl}${callbackPaths[appName]}?error=access_denied`);
        await expect(page.getByTestId("auth-error")).toBeVisible();
        await shot("sign-in-failed");

        if (appName === "web") {
          await app.open("/auth/unavailable");
          await expect(page.getByTestId("sign-in-unavailable")).toBeVisible();
          await shot("sign-in-unavailable");
        }

        await app.open();
        await app.clickSignIn();
        await huggingFace.signInAs(ada.name);
        await app.expectSignedIn(ada);
        await shot("home-signed-in");

        await app.open("/protected");
        await app.expectSignedIn(ada, "protected");
        await shot("protected");

        expect((await app.openAccount()).userinfo).toBe("valid");
        await shot("account");
      });
    }
  });
}
