import { expect, type Page, type Response } from "@playwright/test";

export interface ExpectedUser {
  name: string;
  username: string;
  email: string;
  /** `false` for an account without a picture: the card shows its initial instead. */
  avatar?: boolean;
}

/** One of the two apps (web or remix): both render the same pages with the same test ids. */
export class AppPage {
  constructor(
    private readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(path = "/") {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  async openAccount() {
    await this.open("/account");
    await expect(this.page.getByTestId("account")).toBeVisible();
    return {
      sid: await this.page.getByTestId("sid").textContent(),
      accessTokenExpiresAt: Number(await this.page.getByTestId("access-token-expires-at").getAttribute("data-epoch")),
      userinfo: await this.page.getByTestId("userinfo-status").textContent(),
      hasRefreshToken: (await this.page.getByTestId("has-refresh-token").textContent()) === "yes",
    };
  }

  async clickSignIn() {
    await this.page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await this.expectSignedOut();
  }

  async expectSignedOut() {
    await this.page.waitForURL((url) => url.href.startsWith(this.baseUrl));
    await expect(this.page.getByTestId("signed-out")).toBeVisible();
  }

  async expectSignedIn(user: ExpectedUser, testId = "signed-in") {
    await this.page.waitForURL((url) => url.href.startsWith(this.baseUrl));
    const card = this.page.getByTestId(testId);
    await expect(card.getByTestId("profile-name")).toHaveText(user.name);
    await expect(card.getByTestId("profile-username")).toHaveText(`@${user.username}`);
    await expect(card.getByTestId("profile-email")).toHaveText(user.email);
    if (user.avatar === false) {
      await expect(card.locator(".avatar")).toHaveText(user.name.slice(0, 1).toUpperCase());
      return;
    }
    await expect(card.locator("img.avatar")).toHaveJSProperty("complete", true);
    expect(await card.locator("img.avatar").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
}

/** Authorization requests (to the IdP's /auth endpoint) the page makes from now on. */
export function recordAuthorizationRequests(page: Page, issuer: string) {
  const requests: URL[] = [];
  const onRequest = (request: import("@playwright/test").Request) => {
    const url = new URL(request.url());
    if (`${url.origin}${url.pathname}` === `${issuer}/auth`) requests.push(url);
  };
  page.on("request", onRequest);
  return { requests, stop: () => page.off("request", onRequest) };
}

/** Every top-level document the page loads from now on, to tell which pages a person saw. */
export function recordDocuments(page: Page) {
  const documents: { url: string; status: number }[] = [];
  const onResponse = (response: Response) => {
    const request = response.request();
    if (request.resourceType() === "document" && request.frame() === page.mainFrame()) {
      documents.push({ url: response.url(), status: response.status() });
    }
  };
  page.on("response", onResponse);
  return {
    documents,
    /** Documents that rendered a page (not redirects). */
    rendered: () => documents.filter((document) => document.status < 300 || document.status >= 400),
    stop: () => page.off("response", onResponse),
  };
}
