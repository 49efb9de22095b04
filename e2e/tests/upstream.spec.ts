import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoApp } from "@logto-hf/demo";
import { defaultClients, type HuggingFaceOptions } from "@logto-hf/dev-idp";
import { startTestIdp, type TestIdp } from "@logto-hf/dev-idp/testing";
import type { Browser, BrowserContext } from "@playwright/test";
import type { JWK } from "jose";
import { ada, expect, test } from "../fixtures";
import { type GatewayMode, type IssuerGateway, startIssuerGateway } from "../issuer-gateway";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts } from "../servers";

/**
 * What the running production apps get from upstream when it is forged or fails. The issuer's public port is a
 * gateway in front of the real IdP and a rogue one (a second local IdP with keys of its own and the same issuer
 * string): it forges the ID token the apps receive at their real callback, or makes Hugging Face fail. Its ports:
 * E2E_UPSTREAM_WEB_PORT, …_ISSUER_PORT, …_REMIX_PORT, …_REAL_IDP_PORT, …_ROGUE_IDP_PORT.
 */
const ports = ownPorts.upstream;
const urls = { web: `http://localhost:${ports.web}`, remix: `http://localhost:${ports.remix}` };
const issuerOrigin = `http://localhost:${ports.issuer}`;
const env = { WEB_PORT: String(ports.web), REMIX_PORT: String(ports.remix), IDP_PORT: String(ports.issuer) };

let dataDir: string;
let idps: TestIdp[] = [];
let gateway: IssuerGateway | undefined;
let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-rogue-"));
  const start = (port: number, name: string, huggingface?: HuggingFaceOptions) =>
    startTestIdp(defaultClients(env), { port, publicOrigin: issuerOrigin, dataDir: join(dataDir, name), huggingface });
  // The real IdP reaches its Hugging Face stand-in through the gateway, so that the test can make it fail.
  const standIn = {
    baseUrl: `${issuerOrigin}/huggingface`,
    clientId: "hf-standin-client",
    clientSecret: "hf-standin-secret",
  };
  idps = [await start(ports.realIdp, "real", standIn), await start(ports.rogueIdp, "rogue")];
  const realJwks = JSON.parse(await readFile(join(dataDir, "real", "jwks.json"), "utf8")) as { keys: JWK[] };
  const rogueJwks = JSON.parse(await readFile(join(dataDir, "rogue", "jwks.json"), "utf8")) as { keys: JWK[] };
  expect(rogueJwks.keys[0]!.kid).not.toBe(realJwks.keys[0]!.kid);
  gateway = await startIssuerGateway({
    port: ports.issuer,
    realPort: ports.realIdp,
    roguePort: ports.rogueIdp,
    realKey: realJwks.keys[0]!,
  });
  apps = await startOwnApps(env, urls, dataDir);
});

test.afterAll(async () => {
  if (apps) for (const app of [apps.web, apps.remix]) stopOwnApp(app);
  await gateway?.close();
  for (const idp of idps) await idp.close();
  await rm(dataDir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const attacks = (app: "web" | "remix"): { name: string; mode: GatewayMode }[] => [
  { name: "signed by a rogue IdP with other keys and the same issuer", mode: { kind: "rogue" } },
  {
    name: "wrong aud",
    mode: { kind: "claims", change: (claims) => ({ ...claims, aud: app === "web" ? "remix" : "web" }) },
  },
  {
    name: "wrong iss",
    mode: { kind: "claims", change: (claims) => ({ ...claims, iss: "https://evil.example/oidc" }) },
  },
  {
    name: "expired",
    mode: { kind: "claims", change: (claims) => ({ ...claims, iat: now() - 7200, exp: now() - 3600 }) },
  },
  { name: "alg none", mode: { kind: "none" } },
  {
    name: "HMAC-signed with the client secret",
    mode: { kind: "hmac", secret: demoApp(app, env).developmentDefaults.AUTH_LOGTO_SECRET },
  },
];

/** A sign-in by button and Hugging Face in a fresh context, with the gateway in `mode`; 5xx answers are collected. */
async function signIn(browser: Browser, app: "web" | "remix", mode: GatewayMode) {
  gateway!.mode = mode;
  gateway!.forged = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  const serverErrors: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${urls[app]}/`);
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await new HuggingFacePage(page).signInAs(ada.name);
  return { context, page, serverErrors };
}

/** The app's home page for the context's cookies, as a plain request that never starts a silent sign-in. */
const homeOf = async (app: "web" | "remix", context: BrowserContext) =>
  (await context.request.get(`${urls[app]}/`, { headers: { accept: "*/*" }, maxRedirects: 0 })).text();

for (const app of ["web", "remix"] as const) {
  test(`${app}: a sign-in through the gateway works untouched, and every forged ID token is refused with a clear page and no session`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    // The control: the gateway itself breaks nothing.
    const control = await signIn(browser, app, { kind: "pass" });
    await expect(control.page.getByTestId("signed-in")).toBeVisible();
    expect(await homeOf(app, control.context)).toContain('data-testid="signed-in"');
    await control.context.close();

    for (const attack of attacks(app)) {
      const { context, page, serverErrors } = await signIn(browser, app, attack.mode);
      await expect(page.getByTestId("auth-error"), attack.name).toBeVisible();
      expect(gateway!.forged, `${attack.name}: the app exchanged a code and received the forged token`).toBe(1);
      expect(serverErrors, attack.name).toEqual([]);
      expect(await homeOf(app, context), attack.name).toContain('data-testid="signed-out"');
      await context.close();
    }
  });

  test(`${app}: Hugging Face failing behind Logto shows a clear page in the app and no session`, async ({
    browser,
  }) => {
    const failures = [
      {
        name: "Hugging Face answers 503",
        status: 503,
        body: '{"error":"unavailable"}',
        message: /temporarily unavailable/i,
      },
      {
        name: "Hugging Face answers garbage",
        status: 200,
        body: "<html>not json",
        message: /could not complete the sign-in/i,
      },
    ];
    for (const failure of failures) {
      const { context, page, serverErrors } = await signIn(browser, app, {
        kind: "huggingface-fails",
        status: failure.status,
        body: failure.body,
      });
      await expect(page.getByTestId("auth-error"), failure.name).toBeVisible();
      await expect(page.getByTestId("auth-error"), failure.name).toContainText(failure.message);
      expect(serverErrors, failure.name).toEqual([]);
      expect(await homeOf(app, context), failure.name).toContain('data-testid="signed-out"');
      await context.close();
    }
  });
}
