import { defineConfig, devices } from "@playwright/test";
import { appEnv, exampleEnv, examples, ports, redisHoldFile, serverEnv, urls } from "./servers";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const server = (app: string, url: string, env: Record<string, string | undefined>) => ({
  command: `pnpm --dir ../apps/${app} start`,
  url,
  env: env as Record<string, string>,
  reuseExistingServer: !process.env.CI,
  timeout: 60_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

/** An app of examples/, installed from the packed package and built first when it changed (see examples.mjs). */
const example = (name: keyof typeof examples) => ({
  command: `node examples.mjs start ${examples[name].name}`,
  url: urls[name],
  env: exampleEnv(name),
  reuseExistingServer: !process.env.CI,
  timeout: 600_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

export default defineConfig({
  testDir: "./tests",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      // Debian's Chromium as root on a closed network: no sandbox, no background traffic.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    server("idp", `${urls.issuer}/.well-known/openid-configuration`, serverEnv),
    {
      // redis-server, restartable by redis-outage.spec.ts.
      command: `node redis-server.mjs ${ports.redis} ${redisHoldFile}`,
      port: ports.redis,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore" as const,
    },
    server("web", urls.web, appEnv("web")),
    server("remix", urls.remix, appEnv("remix")),
    server("web", urls.web2, appEnv("web", 2)),
    server("remix", urls.remix2, appEnv("remix", 2)),
    example("nextApp"),
    example("reactRouterApp"),
  ],
});
