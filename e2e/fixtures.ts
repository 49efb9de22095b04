import { test as base } from "@playwright/test";
import { AppPage } from "./pages/app";
import { HuggingFacePage } from "./pages/hugging-face";
import { markServerLogsSeen, reportServerLogs } from "./server-logs";
import { urls } from "./servers";

export const test = base.extend<
  { web: AppPage; remix: AppPage; huggingFace: HuggingFacePage; serverLogs: undefined },
  { serverLogsBaseline: undefined }
>({
  web: async ({ page }, use) => use(new AppPage(page, urls.web)),
  remix: async ({ page }, use) => use(new AppPage(page, urls.remix)),
  huggingFace: async ({ page }, use) => use(new HuggingFacePage(page)),
  // Every test: the servers' logs, printed and attached to the report when it fails.
  serverLogs: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this parameter.
    async ({}, use, testInfo) => {
      await use(undefined);
      await reportServerLogs(testInfo);
    },
    { auto: true },
  ],
  // Each worker: what the servers printed before its first test (starting up) is not shown for a test.
  serverLogsBaseline: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this parameter.
    async ({}, use) => {
      await markServerLogsSeen();
      await use(undefined);
    },
    { scope: "worker", auto: true },
  ],
});

export { expect } from "@playwright/test";

export const ada = { name: "Ada Lovelace", username: "ada", email: "ada@example.com" };
export const grace = { name: "Grace Hopper", username: "grace", email: "grace@example.com" };
