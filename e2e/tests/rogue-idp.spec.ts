import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClients, startIdp, type RunningIdp } from "@logto-hf/idp";
import type { JWK } from "jose";
import { ada, expect, test } from "../fixtures";
import { startIssuerGateway, type GatewayMode, type IssuerGateway } from "../issuer-gateway";
import { startOwnApps, stopOwnApp } from "../own-servers";
import { HuggingFacePage } from "../pages/hugging-face";

/**
 * ID tokens from the wrong signer or with the wrong claims, delivered to the running production apps through
 * their real callback. The issuer's public port is a gateway in front of the real IdP and a rogue one (a second
 * apps/idp with keys of its own and the same issuer string); the gateway forges the token the apps receive.
 */
const ports = { web: 4800, issuer: 4801, remix: 4802, realIdp: 4803, rogueIdp: 4804 };
const urls = { web: `http://localhost:${ports.web}`, remix: `http://localhost:${ports.remix}` };
const issuerOrigin = `http://localhost:${ports.issuer}`;
const env = { WEB_PORT: String(ports.web), REMIX_PORT: String(ports.remix), IDP_PORT: String(ports.issuer) };
const silent = { info() {}, warn() {}, error() {} };
const clientSecrets = { web: "dev-web-client-secret", remix: "dev-remix-client-secret" } as const;

let dataDir: string;
let idps: RunningIdp[] = [];
let gateway: IssuerGateway | undefined;
let apps: Awaited<ReturnType<typeof startOwnApps>> | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dataDir = await mkdtemp(join(tmpdir(), "e2e-rogue-"));
  const start = (port: number, name: string) =>
    startIdp({ port, publicOrigin: issuerOrigin, dataDir: join(dataDir, name), clients: defaultClients(env), logger: silent });
  idps = [await start(ports.realIdp, "real"), await start(ports.rogueIdp, "rogue")];
  const realJwks = JSON.parse(await readFile(join(dataDir, "real", "jwks.json"), "utf8")) as { keys: JWK[] };
  const rogueJwks = JSON.parse(await readFile(join(dataDir, "rogue", "jwks.json"), "utf8")) as { keys: JWK[] };
  expect(rogueJwks.keys[0]!.kid).not.toBe(realJwks.keys[0]!.kid);
  gateway = await startIssuerGateway({ port: ports.issuer, realPort: ports.realIdp, roguePort: ports.rogueIdp, realKey: realJwks.keys[0]! });
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
  { name: "wrong aud", mode: { kind: "claims", change: (claims) => ({ ...claims, aud: app === "web" ? "remix" : "web" }) } },
  { name: "wrong iss", mode: { kind: "claims", change: (claims) => ({ ...claims, iss: "https://evil.example/oidc" }) } },
  { name: "expired", mode: { kind: "claims", change: (claims) => ({ ...claims, iat: now() - 7200, exp: now() - 3600 }) } },
  { name: "alg none", mode: { kind: "none" } },
  { name: "HMAC-signed with the client secret", mode: { kind: "hmac", secret: clientSecrets[app] } },
];

for (const app of ["web", "remix"] as const) {
  test(`${app}: a sign-in through the gateway works untouched, and every forged ID token is refused with a clear page and no session`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const signIn = async (mode: GatewayMode) => {
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
    };
    const homeOf = async (context: import("@playwright/test").BrowserContext) =>
      (await context.request.get(`${urls[app]}/`, { headers: { accept: "*/*" }, maxRedirects: 0 })).text();

    // The control: the gateway itself breaks nothing.
    const control = await signIn({ kind: "pass" });
    await expect(control.page.getByTestId("signed-in")).toBeVisible();
    expect(await homeOf(control.context)).toContain('data-testid="signed-in"');
    await control.context.close();

    for (const attack of attacks(app)) {
      const { context, page, serverErrors } = await signIn(attack.mode);
      await expect(page.getByTestId("auth-error"), attack.name).toBeVisible();
      expect(gateway!.forged, `${attack.name}: the app exchanged a code and received the forged token`).toBe(1);
      expect(serverErrors, attack.name).toEqual([]);
      expect(await homeOf(context), attack.name).toContain('data-testid="signed-out"');
      await context.close();
    }
  });
}
