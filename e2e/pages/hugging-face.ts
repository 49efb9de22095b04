import type { Page } from "@playwright/test";

/** The Hugging Face stand-in served by apps/idp: pick an account, then allow the app. */
export class HuggingFacePage {
  constructor(private readonly page: Page) {}

  async signInAs(displayName: string) {
    await this.page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));
    await this.page.getByRole("button", { name: displayName }).click();
    await this.page.getByRole("button", { name: "Allow" }).click();
  }

  async deny(displayName: string) {
    await this.page.waitForURL((url) => url.pathname.startsWith("/huggingface/"));
    await this.page.getByRole("button", { name: displayName }).click();
    await this.page.getByRole("button", { name: "Deny" }).click();
  }
}
