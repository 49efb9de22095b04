import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoRbacSeed } from "@logto-hf/demo";
import { defaultClients } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { AppPage, recordAuthorizationRequests, recordDocuments } from "../pages/app";
import { ownPorts, urls } from "../servers";

/**
 * An API protected by Logto (the demo's notes API, served by web at /api/notes): both apps get the signed-in user's
 * resource-bound access token with no click, and call it from the server. The user's default role grants
 * `read:notes` (the list is allowed), no role grants `write:notes` (adding a note is refused with 403
 * insufficient_scope) until an admin gives the editor role through Logto's Management API.
 */
test.describe.configure({ mode: "serial" });

/** A JWT (an ID or access token) anywhere in a text. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** A new Hugging Face user (a new Logto user, with the default role only) signs in to web. */
async function signInNewUser(page: Page, web: AppPage, username: string) {
  await web.open();
  await web.clickSignIn();
  await page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));
  await page.getByLabel("Another user").fill(username);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(`${web.baseUrl}/`);
  await expect(page.getByTestId("signed-in")).toBeVisible();
}

/** Opens /api-demo from the header; the page that renders says what each call answered. */
async function openApiDemo(page: Page, app: AppPage) {
  await app.open("/");
  await page.getByRole("link", { name: "API", exact: true }).click();
  await page.waitForURL(`${app.baseUrl}/api-demo`);
  await expect(page.getByTestId("api-demo")).toBeVisible();
  const body = (await page.content()) + page.url();
  expect(body).not.toMatch(JWT);
  return {
    read: page.getByTestId("call-read"),
    write: page.getByTestId("call-write"),
    scopes: page.getByTestId("token-scopes"),
  };
}

test("both apps call the notes API as the user: the read allowed, the write refused with 403, no click", async ({
  page,
  web,
  remix,
}) => {
  await signInNewUser(page, web, `api-reader-${Date.now()}`);
  const authorizations = recordAuthorizationRequests(page, urls.issuer);
  const documents = recordDocuments(page);

  for (const app of [web, remix]) {
    const demo = await openApiDemo(page, app);
    await expect(demo.read).toHaveAttribute("data-outcome", "allowed");
    await expect(demo.read).toContainText("Notes reader");
    await expect(page.getByTestId("call-read-notes")).toBeVisible();
    await expect(demo.write).toHaveAttribute("data-outcome", "refused");
    await expect(demo.write).toHaveAttribute("data-error", "insufficient_scope");
    await expect(demo.write).toContainText("Notes editor");
    await expect(demo.scopes).toHaveText("read:notes");
  }
  // The tokens came from silent authorizations naming the resource; no Logto or Hugging Face page was shown.
  const forResource = authorizations.requests.filter((url) => url.searchParams.get("resource"));
  expect(forResource.length).toBeGreaterThanOrEqual(2);
  for (const url of forResource) {
    expect(url.searchParams.get("resource")).toBe("https://api.demo.local");
    expect(url.searchParams.get("scope")).toBe("openid read:notes write:notes");
  }
  expect(forResource[0]?.searchParams.get("prompt")).toBe("none");
  const pages = documents.rendered().map(({ url }) => new URL(url).origin);
  expect(pages.every((origin) => origin === web.baseUrl || origin === remix.baseUrl)).toBe(true);
  for (const { url } of documents.documents) expect(url).not.toMatch(JWT);

  // The token is kept by each app's server: the next views make no trip through Logto.
  authorizations.requests.length = 0;
  for (const app of [web, remix]) await openApiDemo(page, app);
  expect(authorizations.requests).toEqual([]);
});

test("an admin gives the editor role through Logto's Management API: the next token allows the write", async ({
  page,
  web,
  remix,
}) => {
  await signInNewUser(page, web, `api-editor-${Date.now()}`);
  await web.openAccount();
  const { sub } = JSON.parse((await page.getByTestId("id-token-claims").textContent()) ?? "{}") as { sub: string };
  const roles = (await (await fetch(`${urls.idp}/api/roles`)).json()) as { id: string; name: string }[];
  const editor = roles.find((role) => role.name === "Notes editor");
  const granted = await fetch(`${urls.idp}/api/users/${sub}/roles`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ roleIds: [editor?.id] }),
  });
  expect(granted.status).toBe(201);

  for (const app of [web, remix]) {
    const demo = await openApiDemo(page, app);
    await expect(demo.write).toHaveAttribute("data-outcome", "allowed");
    await expect(demo.write).toContainText("Notes editor");
    await expect(demo.scopes).toHaveText("read:notes write:notes");
  }
});

test.describe("when the API or Logto does not answer", () => {
  const ports = ownPorts.apiResources;
  const own = {
    web: `http://localhost:${ports.web}`,
    remix: `http://localhost:${ports.remix}`,
    idp: `http://localhost:${ports.idp}`,
  };
  const env = {
    WEB_PORT: String(ports.web),
    REMIX_PORT: String(ports.remix),
    IDP_PORT: String(ports.idp),
    // Nothing listens there.
    NOTES_API_URL: `http://127.0.0.1:${ports.deadApi}/api/notes`,
  };
  let dataDir: string;
  let idp: TestIdp | undefined;
  let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(join(tmpdir(), "e2e-api-resources-"));
    idp = await startTestIdp(defaultClients(env), {
      port: ports.idp,
      dataDir: join(dataDir, "idp"),
      rbacSeed: demoRbacSeed,
    });
    apps = await startOwnApps(env, own, dataDir);
  });

  test.afterAll(async () => {
    if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
    await idp?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("the page says the API is down, then that Logto is down, and no page fails", async ({ page }) => {
    const web = new AppPage(page, own.web);
    const remix = new AppPage(page, own.remix);
    await signInNewUser(page, web, `api-faults-${Date.now()}`);
    await remix.open();
    await expect(page.getByTestId("signed-in")).toBeVisible();

    const demo = await openApiDemo(page, web);
    await expect(demo.read).toHaveAttribute("data-outcome", "api-down");
    await expect(demo.write).toHaveAttribute("data-outcome", "api-down");
    await expect(demo.read).toContainText("does not answer");

    await idp?.close();
    idp = undefined;
    // The app remembers for a second that Logto answered: past that, it finds Logto down.
    await expect(async () => {
      const response = await page.goto(`${own.remix}/api-demo`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId("token-unavailable")).toHaveAttribute("data-code", "resource_token.unreachable", {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000, intervals: [1_000] });
    await expect(page.getByTestId("token-unavailable")).toContainText("Logto does not answer");
  });
});
