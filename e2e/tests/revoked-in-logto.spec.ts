import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClients } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import type { Page } from "@playwright/test";
import { ada, expect, grace, test } from "../fixtures";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { AppPage, type ExpectedUser } from "../pages/app";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts } from "../servers";

/**
 * Logto sends no back-channel logout when a user is suspended or deleted, or (with Logto's dev features) when a
 * session is deleted with `revokeGrants=true`: each app finds out by asking Logto once per interval. This file runs
 * an IdP with Logto's access-token lifetime (an hour, so no refresh comes to the rescue) and its dev features on, and
 * both apps with a short check interval, on ports of its own. It ends access only through Logto 1.37's own routes.
 */
const ports = ownPorts.revoked;
const CHECK_INTERVAL = 5;
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

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-revoked-"));
  idp = await startTestIdp(defaultClients(env), { port: ports.idp, dataDir: join(dataDir, "idp"), devFeatures: true });
  apps = await startOwnApps({ ...env, AUTH_LOGTO_SESSION_CHECK_INTERVAL: String(CHECK_INTERVAL) }, urls, dataDir);
});

test.afterAll(async () => {
  if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Signs `user` in to web through Hugging Face and to remix with zero clicks; returns their Logto user id. */
async function signedInToBoth(page: Page, user: ExpectedUser, displayName: string) {
  const web = new AppPage(page, urls.web);
  const remix = new AppPage(page, urls.remix);
  await web.open();
  await web.clickSignIn();
  await new HuggingFacePage(page).signInAs(displayName);
  await web.expectSignedIn(user);
  await remix.open();
  await remix.expectSignedIn(user);
  await web.openAccount();
  const claims = JSON.parse((await page.getByTestId("id-token-claims").textContent()) ?? "{}") as { sub: string };
  return { web, remix, userId: claims.sub };
}

/** Each app's next page view, once the interval has passed, finds the user signed out. */
async function expectSignedOutEverywhere(page: Page, apps: AppPage[], since: number) {
  for (const app of apps) {
    await expect(async () => {
      await app.open();
      await app.expectSignedOut();
      // The page that finds the session ended says why.
      await expect(page.getByTestId("session-ended")).toHaveAttribute("data-reason", "revoked_in_logto", {
        timeout: 1_000,
      });
    }).toPass({ timeout: (CHECK_INTERVAL + 10) * 1000, intervals: [1_000] });
  }
  expect(Date.now() - since).toBeLessThan((CHECK_INTERVAL + 10) * 1000);
}

const linus: ExpectedUser = { name: "linus", username: "linus", email: "linus@example.com", avatar: false };

/** Logto 1.37's Management API calls that end a user's access; each answers with `status`. */
const revocations = {
  "suspending the user": {
    status: 200,
    revoke: (userId: string) =>
      fetch(`${urls.idp}/api/users/${userId}/is-suspended`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ isSuspended: true }),
      }),
  },
  "deleting the user": {
    status: 204,
    revoke: (userId: string) => fetch(`${urls.idp}/api/users/${userId}`, { method: "DELETE" }),
  },
  "deleting the user's session with revokeGrants (dev features)": {
    status: 204,
    async revoke(userId: string) {
      const list = await fetch(`${urls.idp}/api/users/${userId}/sessions`);
      expect(list.status).toBe(200);
      const { sessions } = (await list.json()) as { sessions: { payload: { uid: string } }[] };
      // This browser is the user's only one: one session, which both apps' grants belong to.
      expect(sessions).toHaveLength(1);
      return fetch(`${urls.idp}/api/users/${userId}/sessions/${sessions[0]?.payload.uid}?revokeGrants=true`, {
        method: "DELETE",
      });
    },
  },
} as const;

for (const [action, user, displayName] of [
  ["suspending the user", ada, ada.name],
  ["deleting the user", linus, "linus"],
  ["deleting the user's session with revokeGrants (dev features)", grace, grace.name],
] as const) {
  test(`${action} in Logto signs them out of both apps within the check interval, with no back-channel logout`, async ({
    page,
  }) => {
    const { web, remix, userId } = await signedInToBoth(page, user, displayName);
    const { status, revoke } = revocations[action];
    expect((await revoke(userId)).status).toBe(status);
    await expectSignedOutEverywhere(page, [web, remix], Date.now());
  });
}
