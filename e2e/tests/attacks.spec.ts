import { ada, expect, test } from "../fixtures";
import { HuggingFacePage } from "../pages/hugging-face";
import { urls } from "../servers";

const sessionCookies = { web: "authjs.session-token", remix: "remix-session" } as const;
const signInPaths = { web: "/auth/sign-in?callbackUrl=", remix: "/auth/sign-in?returnTo=" } as const;
const callbackPaths = { web: "/api/auth/callback/logto", remix: "/auth/callback" } as const;

for (const app of ["web", "remix"] as const) {
  test.describe(app, () => {
    test("a tampered, truncated, garbage or oversized session cookie is treated as signed out", async ({ page, request, browser }) => {
      // A real session cookie, to tamper with.
      const context = await browser.newContext();
      const signedIn = await context.newPage();
      await signedIn.goto(`${urls[app]}/`);
      await signedIn.getByRole("button", { name: "Sign in with Hugging Face" }).click();
      await new HuggingFacePage(signedIn).signInAs(ada.name);
      await signedIn.getByTestId("signed-in").waitFor();
      const real = (await context.cookies(urls[app])).find((cookie) => cookie.name === sessionCookies[app])!.value;
      await context.close();
      void page;

      const middle = Math.floor(real.length / 2);
      const flipped = real.slice(0, middle) + (real[middle] === "A" ? "B" : "A") + real.slice(middle + 1);
      for (const value of [flipped, real.slice(0, middle), "garbage", "%%%", "x".repeat(8 * 1024)]) {
        const response = await request.get(`${urls[app]}/`, {
          headers: { cookie: `${sessionCookies[app]}=${value}`, accept: "*/*" },
          maxRedirects: 0,
        });
        expect(response.status(), `cookie ${value.slice(0, 20)}…`).toBe(200);
        expect(await response.text()).toContain('data-testid="signed-out"');
      }
    });

    test("a callback without the state cookie, or with an error and no probe in flight, is refused without a 500", async ({
      request,
    }) => {
      for (const query of ["code=forged&state=forged", "error=login_required&state=forged", "error=access_denied"]) {
        const response = await request.get(`${urls[app]}${callbackPaths[app]}?${query}&iss=${encodeURIComponent(urls.issuer)}`, {
          headers: { accept: "text/html" },
        });
        expect(response.status(), query).toBeLessThan(500);
        expect(response.url().startsWith(urls[app]), query).toBe(true);
        expect(await response.text(), query).toContain('data-testid="auth-error"');
      }
    });

    test("every return-to parameter stays on the app's origin", async ({ browser }) => {
      for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "%2F%2Fevil.example", "https:%2F%2Fevil.example"]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${urls[app]}${signInPaths[app]}${encodeURIComponent(target)}`);
        await new HuggingFacePage(page).signInAs(ada.name);
        await page.waitForURL((url) => url.origin === urls[app] && !url.pathname.startsWith("/auth/") && !url.pathname.startsWith("/api/"));
        expect(new URL(page.url()).origin, target).toBe(urls[app]);
        await expect(page.getByTestId("signed-in")).toBeVisible();
        await context.close();
      }
    });

    test("every cookie is HttpOnly and SameSite=Lax, and no page or script carries a JWT", async ({ page, request }) => {
      await page.goto(`${urls[app]}/`);
      await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
      await new HuggingFacePage(page).signInAs(ada.name);
      await page.getByTestId("signed-in").waitFor();
      await page.goto(`${urls[app]}/account`);
      await page.getByTestId("account").waitFor();

      const cookies = await page.context().cookies();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) {
        expect(cookie.httpOnly, cookie.name).toBe(true);
        expect(cookie.sameSite, cookie.name).toBe("Lax");
      }

      const cookieHeader = cookies.filter((cookie) => cookie.domain === "localhost").map((c) => `${c.name}=${c.value}`).join("; ");
      const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;
      for (const path of ["/", "/protected", "/account"]) {
        const html = await (await request.get(`${urls[app]}${path}`, { headers: { cookie: cookieHeader, accept: "text/html" } })).text();
        expect(html, path).toMatch(/data-testid="(signed-in|protected|account)"/);
        expect(html, path).not.toMatch(jwt);
        for (const [, src] of html.matchAll(/<script[^>]+src="([^"]+)"/g)) {
          const script = await (await request.get(new URL(src!, urls[app]).href)).text();
          expect(script, src).not.toMatch(jwt);
        }
      }
    });
  });
}

test("remix: sign-out from another site is refused", async ({ request }) => {
  const attempts: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
  for (const headers of attempts) {
    const response = await request.post(`${urls.remix}/auth/sign-out`, { headers, maxRedirects: 0 });
    expect(response.status()).toBe(403);
  }
});

const backchannelPaths = { web: "/api/auth/backchannel-logout", remix: "/auth/backchannel-logout" } as const;

for (const app of ["web", "remix"] as const) {
  test(`${app}: forged logout tokens are refused with 400, and a flood of them stores nothing`, async ({ request }) => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: urls.issuer, aud: app, iat: now, jti: "j", sid: "s", events: { "http://schemas.openid.net/event/backchannel-logout": {} } };
    const forged = [
      "not-a-jwt",
      `${encode({ alg: "none", typ: "logout+jwt" })}.${encode(claims)}.`,
      `${encode({ alg: "ES384", typ: "logout+jwt", kid: "x" })}.${encode(claims)}.${"A".repeat(128)}`,
    ];
    const before = await redisKeyCount();
    for (let i = 0; i < 60; i++) {
      const token = i < forged.length ? forged[i]! : `${encode({ alg: "ES384", typ: "logout+jwt" })}.${encode({ ...claims, jti: `flood-${i}` })}.${"B".repeat(128)}`;
      const response = await request.post(`${urls[app]}${backchannelPaths[app]}`, { form: { logout_token: token } });
      expect(response.status(), token.slice(0, 30)).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_request", error_description: expect.any(String) });
    }
    expect(await redisKeyCount()).toBe(before);
    expect((await request.get(`${urls[app]}${backchannelPaths[app]}`)).status()).toBe(405);
  });
}

/** The number of keys in the suite's Redis, where both apps keep revocations and seen logout-token ids. */
async function redisKeyCount(): Promise<number> {
  const { execFile } = await import("node:child_process");
  const { ports } = await import("../servers");
  return new Promise((resolve, reject) =>
    execFile("redis-cli", ["-p", String(ports.redis), "dbsize"], (error, stdout) => (error ? reject(error) : resolve(Number(stdout.trim())))),
  );
}

test("web: the sign-out server action is refused from another site, accepted from the app", async ({ page }) => {
  await page.goto(`${urls.web}/`);
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await new HuggingFacePage(page).signInAs(ada.name);
  await page.getByTestId("signed-in").waitFor();
  const actionField = await page
    .locator("form", { has: page.getByRole("button", { name: "Sign out" }) })
    .locator('input[type="hidden"][name^="$ACTION_ID_"]')
    .getAttribute("name");
  expect(actionField).toBeTruthy();
  const post = (origin: string) =>
    page.request.post(`${urls.web}/`, { multipart: { [actionField!]: "" }, headers: { origin }, maxRedirects: 0 });

  const crossSite = await post("https://evil.example");
  expect(crossSite.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId("signed-in")).toBeVisible();

  const sameSite = await post(urls.web);
  expect(sameSite.status()).toBe(303);
  expect(sameSite.headers().location).toContain(`${urls.issuer}/session/end`);
});
