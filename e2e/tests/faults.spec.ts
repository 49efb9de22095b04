import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClients } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import { ada, expect, grace, test } from "../fixtures";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { AppPage } from "../pages/app";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts } from "../servers";

/**
 * The IdP goes down and comes back while both apps keep running. This file runs its own IdP (in this process,
 * so the test can stop and restart it) and its own production servers of both apps, on ports of its own
 * (E2E_FAULTS_WEB_PORT, E2E_FAULTS_IDP_PORT, E2E_FAULTS_REMIX_PORT).
 */
const ports = ownPorts.faults;
const urls = { web: `http://localhost:${ports.web}`, remix: `http://localhost:${ports.remix}` };
const env = { WEB_PORT: String(ports.web), REMIX_PORT: String(ports.remix), IDP_PORT: String(ports.idp) };

let dataDir: string;
let idp: TestIdp | undefined;
let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

const startOurIdp = async () => {
  idp = await startTestIdp(defaultClients(env), { port: ports.idp, dataDir: join(dataDir, "idp") });
};

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-faults-"));
  await startOurIdp();
  apps = await startOwnApps(env, urls, dataDir);
});

test.afterAll(async () => {
  if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

for (const app of ["web", "remix"] as const) {
  test(`${app}: signing out while Logto is down ends this app's session and says the other apps were not told`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext();
    const page = await context.newPage();
    const thisApp = new AppPage(page, urls[app]);
    await thisApp.open();
    await thisApp.clickSignIn();
    await new HuggingFacePage(page).signInAs(grace.name);
    await thisApp.expectSignedIn(grace);

    await idp!.close();
    idp = undefined;
    try {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(
        (url) => url.origin === urls[app] && url.searchParams.get("signed_out") === "logto_unreachable",
      );
      await expect(page.getByTestId("signed-out")).toBeVisible();
      await expect(page.getByTestId("sign-out-incomplete")).toBeVisible();
    } finally {
      await startOurIdp();
      await context.close();
    }
  });
}

test(
  "with the IdP down: pages answer quickly signed out, sessions keep working, sign-in says it is unavailable; " +
    "back up: SSO works; a dead app does not block logout",
  async ({ browser }) => {
    test.setTimeout(120_000);
    const signedIn = await browser.newContext();
    const page = await signedIn.newPage();
    const web = new AppPage(page, urls.web);
    await web.open();
    await web.clickSignIn();
    await new HuggingFacePage(page).signInAs(ada.name);
    await web.expectSignedIn(ada);

    await idp!.close();
    idp = undefined;

    const anonymous = await browser.newContext();
    const visitor = await anonymous.newPage();
    for (const url of [urls.web, urls.remix]) {
      // Each app remembers Logto's reachability for 1 s: within that second, a visitor may still be sent to probe.
      await expect
        .poll(
          async () =>
            (await anonymous.request.get(`${url}/`, { headers: { accept: "text/html" }, maxRedirects: 0 })).status(),
          { message: url, timeout: 3_000, intervals: [250] },
        )
        .toBe(200);
      const started = Date.now();
      const response = await anonymous.request.get(`${url}/`, { headers: { accept: "text/html" }, maxRedirects: 0 });
      expect(response.status(), url).toBe(200);
      expect(Date.now() - started, url).toBeLessThan(1_000);
      expect(await response.text()).toContain('data-testid="signed-out"');
    }

    // The existing session needs no IdP; its account page says Logto could not be asked, not that it refused.
    await web.open();
    await web.expectSignedIn(ada);
    await web.open("/account");
    await expect(page.getByTestId("userinfo-status")).toHaveAttribute("data-status", "0");
    await expect(page.getByTestId("userinfo-status")).toContainText("not checked: could not reach Logto");

    // Explicit sign-in: a clear page with 503, in both apps.
    for (const url of [urls.web, urls.remix]) {
      await visitor.goto(`${url}/`);
      const answer = visitor.waitForResponse((response) => response.status() === 503);
      await visitor.getByRole("button", { name: "Sign in with Hugging Face" }).click();
      await answer;
      await expect(visitor.getByTestId("sign-in-unavailable")).toBeVisible();
    }

    // The IdP restarts with its data: users and sessions survived, so zero-click SSO works again, with no app restart.
    await startOurIdp();
    const remix = new AppPage(page, urls.remix);
    await expect(async () => {
      await remix.open();
      await remix.expectSignedIn(ada);
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000, 3_000] });

    // The Remix app goes down: Logto's back-channel delivery to it fails, and the logout must finish anyway.
    // Killed, as a crash would: a graceful stop could wait on the browser's keep-alive connection.
    stopOwnApp(apps!.remix, "SIGKILL");
    await expect(async () =>
      expect(
        await fetch(`${urls.remix}/`).then(
          () => "up",
          () => "down",
        ),
      ).toBe("down"),
    ).toPass({ timeout: 10_000 });
    await web.open();
    const started = Date.now();
    await web.signOut();
    expect(Date.now() - started).toBeLessThan(5_000);

    await anonymous.close();
    await signedIn.close();
  },
);
