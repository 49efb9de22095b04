import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClients } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp, type TestIdpOptions } from "@logto-hf/dev-idp/testing";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts } from "../servers";

/**
 * Hugging Face as the user: each app's /huggingface page calls the Hub on its server with the token Logto stores for
 * the user (Logto's Account API), after an interactive sign-in and after a zero-click one; and explains, with a 200
 * and never a token in the page, each reason there is no token: none stored (token storage off at sign-in), the
 * Account Center off, Logto down. This file runs its own IdP (to restart it with token storage off, and to stop it)
 * and both apps, on ports of its own.
 */
const ports = ownPorts.huggingFace;
const urls = {
  web: `http://localhost:${ports.web}`,
  remix: `http://localhost:${ports.remix}`,
  idp: `http://localhost:${ports.idp}`,
};
const env = { WEB_PORT: String(ports.web), REMIX_PORT: String(ports.remix), IDP_PORT: String(ports.idp) };

let dataDir: string;
let idp: TestIdp | undefined;
let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

test.describe.configure({ mode: "serial" });

/** (Re)starts the IdP on its port with its data: users, sessions and stored token sets survive. */
async function startIdpWith(options: TestIdpOptions = {}) {
  await idp?.close();
  idp = await startTestIdp(defaultClients(env), { port: ports.idp, dataDir: join(dataDir, "idp"), ...options });
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-hf-token-"));
  await startIdpWith();
  apps = await startOwnApps(env, urls, dataDir);
});

test.afterAll(async () => {
  if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Opens `/huggingface` of the app at `baseUrl` (through sign-in as `account` when it asks): the page answers 200, and
 * neither its HTML nor its DOM holds a Hugging Face token.
 */
async function openHuggingFace(page: Page, baseUrl: string, account?: string) {
  const answers: { url: string; status: number; body: string }[] = [];
  const onResponse = async (response: import("@playwright/test").Response) => {
    if (response.url().startsWith(`${baseUrl}/huggingface`) && response.request().isNavigationRequest())
      answers.push({ url: response.url(), status: response.status(), body: await response.text().catch(() => "") });
  };
  page.on("response", onResponse);
  await page.goto(`${baseUrl}/huggingface`);
  if (account) await new HuggingFacePage(page).signInAs(account);
  await page.waitForURL(`${baseUrl}/huggingface`);
  const view = page.getByTestId("huggingface");
  await expect(view).toBeVisible();
  page.off("response", onResponse);
  const final = answers.at(-1);
  expect(final?.status).toBe(200);
  expect(final?.body).toContain('data-testid="huggingface"');
  for (const answer of answers) expect(answer.body).not.toContain("hf_oauth_");
  expect(await page.content()).not.toContain("hf_oauth_");
  return view;
}

const accountCenter = async (enabled: boolean) => {
  const response = await fetch(`${urls.idp}/api/account-center`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ enabled }),
  });
  expect(response.status).toBe(200);
};

test("interactive in web, zero-click in remix: Ada's Hugging Face profile, organizations and models", async ({
  page,
}) => {
  const web = await openHuggingFace(page, urls.web, "Ada Lovelace");
  await expect(web).toHaveAttribute("data-status", "ok");
  await expect(web.getByTestId("hf-fullname")).toHaveText("Ada Lovelace · PRO");
  await expect(web.getByTestId("hf-name")).toHaveText("@ada");
  await expect(web.getByTestId("hf-scopes")).toHaveText("openid profile email read-repos inference-api");
  await expect(web.getByTestId("hf-orgs").locator("li")).toHaveText([
    "Analytical Engines (@analytical-engines, admin)",
    "Poetical Science (@poetical-science, read)",
  ]);
  // read-repos: her private model too.
  await expect(web.getByTestId("hf-models").locator("li")).toHaveCount(3);
  await expect(web.getByTestId("hf-models")).toContainText("ada/notes-on-the-engine · private");

  // Remix signs her in with no click, and its server gets the same stored token from Logto.
  const remix = await openHuggingFace(page, urls.remix);
  await expect(remix).toHaveAttribute("data-status", "ok");
  await expect(remix.getByTestId("hf-name")).toHaveText("@ada");
  await expect(remix.getByTestId("hf-models").locator("li")).toHaveCount(3);
});

test("interactive in remix, zero-click in web: linus has no organizations and no models", async ({ page }) => {
  const remix = await openHuggingFace(page, urls.remix, "linus");
  await expect(remix.getByTestId("hf-name")).toHaveText("@linus");
  await expect(remix.getByTestId("hf-no-orgs")).toBeVisible();
  await expect(remix.getByTestId("hf-no-models")).toBeVisible();
  const web = await openHuggingFace(page, urls.web);
  await expect(web.getByTestId("hf-fullname")).toHaveText("linus");
  await expect(web.getByTestId("hf-no-models")).toBeVisible();
});

test("a user whose token Logto does not hold: explained in both apps, and a new sign-in reconnects", async ({
  page,
}) => {
  // Token storage off while Grace signs in: Logto stores nothing for her.
  await startIdpWith({ huggingfaceTokenStorage: false });
  for (const [baseUrl, account] of [
    [urls.web, "Grace Hopper"],
    [urls.remix, undefined],
  ] as const) {
    const view = await openHuggingFace(page, baseUrl, account);
    await expect(view).toHaveAttribute("data-code", "third_party_token.not_stored");
    await expect(view.getByRole("heading")).toHaveText("Logto holds no Hugging Face token for you");
    await expect(view).toContainText("sign in again with Hugging Face to reconnect");
    await expect(view.getByRole("button", { name: "Sign out" })).toBeVisible();
  }

  // With storage back on, signing out and in again through Hugging Face stores her token.
  await startIdpWith();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-out")).toBeVisible();
  // Web says why she is signed out, and signing in again brings her back to /huggingface.
  await page.goto(`${urls.web}/huggingface`);
  await expect(page.getByTestId("session-ended")).toHaveAttribute("data-reason", "signed_out_elsewhere");
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await new HuggingFacePage(page).signInAs("Grace Hopper");
  await page.waitForURL(`${urls.web}/huggingface`);
  const web = await openHuggingFace(page, urls.web);
  await expect(web).toHaveAttribute("data-status", "ok");
  await expect(web.getByTestId("hf-orgs").locator("li")).toHaveText(["Compiler Corps (@compiler-corps, write)"]);
});

test("the Account Center off: both apps say to ask the admin", async ({ page }) => {
  await accountCenter(false);
  try {
    for (const [baseUrl, account] of [
      [urls.web, "Ada Lovelace"],
      [urls.remix, undefined],
    ] as const) {
      const view = await openHuggingFace(page, baseUrl, account);
      await expect(view).toHaveAttribute("data-code", "third_party_token.account_center_disabled");
      await expect(view).toContainText("Ask the Logto admin to enable the Account Center");
      await expect(view.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    }
  } finally {
    await accountCenter(true);
  }
});

test("Logto down: both apps keep the session and explain it, never with a 500", async ({ page, web, remix }) => {
  await web.open();
  await web.clickSignIn();
  await new HuggingFacePage(page).signInAs("Grace Hopper");
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await remix.open();
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await idp?.close();
  idp = undefined;
  try {
    for (const baseUrl of [urls.web, urls.remix]) {
      const view = await openHuggingFace(page, baseUrl);
      await expect(view).toHaveAttribute("data-code", "third_party_token.logto_unreachable");
      await expect(view.getByRole("heading")).toHaveText("Logto is not answering");
    }
  } finally {
    await startIdpWith();
  }
});
