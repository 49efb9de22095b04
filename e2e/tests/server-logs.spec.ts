import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClients } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import { expect, grace, test } from "../fixtures";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { AppPage } from "../pages/app";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts } from "../servers";

/**
 * What the production servers print: nothing secret or single-use (an authorization code, a state), and one line per
 * ended session. This file runs its own IdP and servers of both apps (E2E_LOGS_WEB_PORT, E2E_LOGS_IDP_PORT,
 * E2E_LOGS_REMIX_PORT), to read their output (their log files).
 */
const ports = ownPorts.logs;
const urls = { web: `http://localhost:${ports.web}`, remix: `http://localhost:${ports.remix}` };
const env = { WEB_PORT: String(ports.web), REMIX_PORT: String(ports.remix), IDP_PORT: String(ports.idp) };

let dataDir: string;
let idp: TestIdp | undefined;
let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-logs-"));
  idp = await startTestIdp(defaultClients(env), { port: ports.idp, dataDir: join(dataDir, "idp") });
  apps = await startOwnApps(env, urls, dataDir);
});

test.afterAll(async () => {
  if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const output = (app: "web" | "remix") => readFileSync(apps!.logs[app], "utf8");
const endedLines = (app: "web" | "remix") =>
  output(app)
    .split("\n")
    .filter((line) => /Session of .+ ended/.test(line));

for (const [from, to] of [
  ["web", "remix"],
  ["remix", "web"],
] as const) {
  test(`signing out of ${from} ends the session in ${to}, logged once; no code or state in any log`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext();
    const page = await context.newPage();
    const apps = { web: new AppPage(page, urls.web), remix: new AppPage(page, urls.remix) };
    try {
      const before = endedLines(to).length;
      await apps[from].open();
      await apps[from].clickSignIn();
      await new HuggingFacePage(page).signInAs(grace.name);
      await apps[from].expectSignedIn(grace);
      await apps[to].open();
      await apps[to].expectSignedIn(grace);
      await apps[from].open();
      await apps[from].signOut();
      // Several views of the app signed out elsewhere: each carries the ended session's cookie until it is dropped.
      await apps[to].open("/protected");
      await apps[to].open();
      await apps[to].expectSignedOut();
      await apps[to].open();
      await expect.poll(() => endedLines(to).length).toBeGreaterThan(before);
      expect(endedLines(to).slice(before)).toEqual([
        expect.stringMatching(/Session of .+ ended: revoked by back-channel logout/),
      ]);
    } finally {
      await context.close();
    }
    // The request log did see the callbacks, without their query.
    expect(output("remix")).toMatch(/GET \/auth\/callback /);
    for (const app of ["web", "remix"] as const) {
      expect(output(app), app).not.toMatch(/[?&;\s](code|state|id_token_hint|logout_token)=/);
    }
  });
}
