import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { ada, expect, test } from "../fixtures";

/** Where the README finds the pictures. */
const folder = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

/** The visible window only (1280 × 800), so that every picture has the same size. */
async function picture(page: Page, name: string) {
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  await page.screenshot({ path: `${folder}${name}.png`, animations: "disabled", caret: "hide" });
}

test("the cross-app flow, for the README", async ({ page, web, remix, huggingFace }) => {
  await web.open();
  await web.expectSignedOut();
  await picture(page, "1-web-signed-out");

  await web.clickSignIn();
  await huggingFace.signInAs(ada.name);
  await web.expectSignedIn(ada);
  await picture(page, "2-web-signed-in");

  // The header's link to the other app: Remix signs the visitor in on arrival, with no click.
  await page.getByTestId("other-app-link").click();
  await remix.expectSignedIn(ada);
  await picture(page, "3-remix-signed-in-no-click");

  // Signed out in both: each app at half the width, side by side in one picture.
  await remix.signOut();
  await page.setViewportSize({ width: 640, height: 800 });
  const remixSignedOut = await page.screenshot({ animations: "disabled", caret: "hide" });
  await web.open();
  await web.expectSignedOut();
  const webSignedOut = await page.screenshot({ animations: "disabled", caret: "hide" });
  await page.setViewportSize({ width: 1280, height: 800 });
  const image = (png: Buffer) =>
    `<img src="data:image/png;base64,${png.toString("base64")}" width="640" height="800" alt="">`;
  await page.setContent(
    `<body style="margin:0;display:flex;background:#888">${image(webSignedOut)}<div style="width:0;outline:1px solid #888"></div>${image(remixSignedOut)}</body>`,
  );
  await expect(page.locator("img")).toHaveCount(2);
  await picture(page, "4-signed-out-in-both");
});
