import { defineConfig, devices } from "@playwright/test";
import { serverEnv, urls } from "./servers";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const server = (app: string, url: string) => ({
  command: `pnpm --dir ../apps/${app} start`,
  url,
  env: serverEnv,
  reuseExistingServer: !process.env.CI,
  timeout: 60_000,
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
    server("idp", `${urls.issuer}/.well-known/openid-configuration`),
    server("web", urls.web),
    server("remix", urls.remix),
  ],
});
