import { defineConfig } from "@playwright/test";
import suite from "./playwright.config";
import { urls } from "./servers";

/**
 * `pnpm screenshots`: the README's pictures of the cross-app flow, taken from production builds of the real apps
 * (the suite's servers, without the second instances).
 */
export default defineConfig({
  ...suite,
  testDir: "./screenshots",
  retries: 0,
  reporter: [["list"]],
  use: { ...suite.use, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  projects: undefined,
  webServer: [suite.webServer ?? []].flat().filter((server) => server.url !== urls.web2 && server.url !== urls.remix2),
});
