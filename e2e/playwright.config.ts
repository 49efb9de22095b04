import { defineConfig, devices } from "@playwright/test";
import { outputDir, serverLogFile } from "./server-logs";
import { appEnv, exampleEnv, examples, ports, redisHoldFile, serverEnv, urls } from "./servers";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * A server's command, its output going to its log file (`test-results/servers/<name>.log`): printed for a failing
 * test only, and (on stderr, which Playwright shows) when the server stops by itself.
 */
const logged = (name: string, command: string) => `node logged.mjs ${JSON.stringify(serverLogFile(name))} ${command}`;

const server = (name: string, app: string, url: string, env: Record<string, string | undefined>) => ({
  command: logged(name, `pnpm --dir ../apps/${app} start`),
  url,
  env: env as Record<string, string>,
  reuseExistingServer: !process.env.CI,
  timeout: 60_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

/** An app of examples/, installed from the packed package and built first when it changed (see examples.mjs). */
const example = (name: keyof typeof examples) => ({
  command: logged(examples[name].name, `node examples.mjs start ${examples[name].name}`),
  url: urls[name],
  env: exampleEnv(name),
  reuseExistingServer: !process.env.CI,
  timeout: 600_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

export default defineConfig({
  testDir: "./tests",
  outputDir,
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
    server("idp", "idp", `${urls.issuer}/.well-known/openid-configuration`, serverEnv),
    {
      // redis-server, restartable by redis-outage.spec.ts.
      command: logged("redis", `node redis-server.mjs ${ports.redis} ${redisHoldFile}`),
      port: ports.redis,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
    server("web", "web", urls.web, appEnv("web")),
    server("remix", "remix", urls.remix, appEnv("remix")),
    server("web2", "web", urls.web2, appEnv("web", 2)),
    server("remix2", "remix", urls.remix2, appEnv("remix", 2)),
    example("nextApp"),
    example("reactRouterApp"),
  ],
});
