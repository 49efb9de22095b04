import { test as base } from "@playwright/test";
import { AppPage } from "./pages/app";
import { HuggingFacePage } from "./pages/hugging-face";
import { urls } from "./servers";

export const test = base.extend<{ web: AppPage; remix: AppPage; huggingFace: HuggingFacePage }>({
  web: async ({ page }, use) => use(new AppPage(page, urls.web)),
  remix: async ({ page }, use) => use(new AppPage(page, urls.remix)),
  huggingFace: async ({ page }, use) => use(new HuggingFacePage(page)),
});

export { expect } from "@playwright/test";

export const ada = { name: "Ada Lovelace", username: "ada", email: "ada@example.com" };
export const grace = { name: "Grace Hopper", username: "grace", email: "grace@example.com" };
