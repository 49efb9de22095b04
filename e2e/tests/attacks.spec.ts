import { demoApp, waitUntilAnswering } from "@logto-hf/demo";
import { ada, expect, test } from "../fixtures";
import { startExpectingExit } from "../own-servers";
import { HuggingFacePage } from "../pages/hugging-face";
import { ownPorts, urls } from "../servers";

const sessionCookies = { web: "web-session-token", remix: "remix-session" } as const;
const signInPaths = { web: "/auth/sign-in?returnTo=", remix: "/auth/sign-in?returnTo=" } as const;
const callbackPaths = { web: "/api/auth/callback/logto", remix: "/auth/callback" } as const;

for (const app of ["web", "remix"] as const) {
  test.describe(app, () => {
    test("a tampered, truncated, garbage or oversized session cookie is treated as signed out", async ({
      page,
      request,
      browser,
    }) => {
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

    test(
      "a callback without the state cookie, or with an error and no probe in flight, " + "is refused without a 500",
      async ({ request }) => {
        for (const query of ["code=forged&state=forged", "error=login_required&state=forged", "error=access_denied"]) {
          const response = await request.get(
            `${urls[app]}${callbackPaths[app]}?${query}&iss=${encodeURIComponent(urls.issuer)}`,
            {
              headers: { accept: "text/html" },
            },
          );
          expect(response.status(), query).toBeLessThan(500);
          expect(response.url().startsWith(urls[app]), query).toBe(true);
          expect(await response.text(), query).toContain('data-testid="auth-error"');
        }
      },
    );

    test("every return-to parameter stays on the app's origin", async ({ browser }) => {
      for (const target of [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
        "https:%2F%2Fevil.example",
      ]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${urls[app]}${signInPaths[app]}${encodeURIComponent(target)}`);
        await new HuggingFacePage(page).signInAs(ada.name);
        await page.waitForURL(
          (url) => url.origin === urls[app] && !url.pathname.startsWith("/auth/") && !url.pathname.startsWith("/api/"),
        );
        expect(new URL(page.url()).origin, target).toBe(urls[app]);
        await expect(page.getByTestId("signed-in")).toBeVisible();
        await context.close();
      }
    });

    test("every cookie is HttpOnly and SameSite=Lax, and no page or script carries a JWT", async ({
      page,
      request,
    }) => {
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

      const cookieHeader = cookies
        .filter((cookie) => cookie.domain === "localhost")
        .map((c) => `${c.name}=${c.value}`)
        .join("; ");
      const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;
      for (const path of ["/", "/protected", "/account"]) {
        const html = await (
          await request.get(`${urls[app]}${path}`, { headers: { cookie: cookieHeader, accept: "text/html" } })
        ).text();
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
    const claims = {
      iss: urls.issuer,
      aud: app,
      iat: now,
      jti: "j",
      sid: "s",
      events: { "http://schemas.openid.net/event/backchannel-logout": {} },
    };
    const forged = [
      "not-a-jwt",
      `${encode({ alg: "none", typ: "logout+jwt" })}.${encode(claims)}.`,
      `${encode({ alg: "ES384", typ: "logout+jwt", kid: "x" })}.${encode(claims)}.${"A".repeat(128)}`,
    ];
    const before = await redisKeyCount();
    for (let i = 0; i < 60; i++) {
      const token =
        i < forged.length
          ? forged[i]!
          : `${encode({ alg: "ES384", typ: "logout+jwt" })}.${encode({ ...claims, jti: `flood-${i}` })}.` +
            "B".repeat(128);
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
    execFile("redis-cli", ["-p", String(ports.redis), "dbsize"], (error, stdout) =>
      error ? reject(error) : resolve(Number(stdout.trim())),
    ),
  );
}

test("web: /auth/session-ended only ever sends the browser back to a path of the app", async ({ request }) => {
  for (const target of [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/protected",
  ]) {
    const response = await request.get(`${urls.web}/auth/session-ended?returnTo=${encodeURIComponent(target)}`, {
      maxRedirects: 0,
    });
    expect(response.status(), target).toBe(303);
    const location = new URL(response.headers().location!, urls.web);
    expect(location.origin, target).toBe(urls.web);
    expect(location.pathname, target).toBe(target === "/protected" ? "/protected" : "/");
    expect(response.headers()["set-cookie"], target).toMatch(/(^|\n)web-session-fresh=; Max-Age=0/);
  }
});

test("web: sign-out is refused from another site, accepted from the app", async ({ page }) => {
  await page.goto(`${urls.web}/`);
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await new HuggingFacePage(page).signInAs(ada.name);
  await page.getByTestId("signed-in").waitFor();
  const signOutPath = await page
    .locator("form", { has: page.getByRole("button", { name: "Sign out" }) })
    .getAttribute("action");
  expect(signOutPath).toBe("/auth/sign-out");
  const post = (origin: string) =>
    page.request.post(`${urls.web}${signOutPath}`, { form: {}, headers: { origin }, maxRedirects: 0 });

  const crossSite = await post("https://evil.example");
  expect(crossSite.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId("signed-in")).toBeVisible();

  const sameSite = await post(urls.web);
  expect(sameSite.status()).toBe(303);
  expect(sameSite.headers().location).toContain(`${urls.issuer}/session/end`);
});

/** Starts a sign-in at `app` over HTTP and returns its callback URL (with a code) and the cookies it set. */
async function callbackFor(app: "web" | "remix", jar: import("@logto-hf/dev-idp/testing").CookieJar) {
  const { signInThroughStandIn } = await import("@logto-hf/dev-idp/testing");
  const start = await fetch(`${urls[app]}${signInPaths[app]}%2F`, { redirect: "manual" });
  jar.setFromResponse(`${urls[app]}/`, start);
  const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, {
    account: "ada",
    cookieJar: jar,
  });
  return callbackUrl;
}

/** Delivers a callback URL to an app with these cookies, as the browser would; true when it created a session. */
async function deliver(app: "web" | "remix", callbackUrl: URL, cookie: string) {
  const response = await fetch(callbackUrl, { redirect: "manual", headers: { cookie, accept: "text/html" } });
  expect(response.status, `${app} ${callbackUrl.pathname}`).toBeLessThan(500);
  const location = response.headers.get("location") ?? "";
  const redirectedHome = response.status >= 300 && response.status < 400 && !location.includes("error");
  const setsSession = response.headers
    .getSetCookie()
    .some((setCookie) => setCookie.startsWith(`${sessionCookies[app]}=`));
  return redirectedHome && setsSession;
}

for (const app of ["web", "remix"] as const) {
  test(`${app}: a replayed authorization code creates no second session`, async () => {
    const { CookieJar } = await import("@logto-hf/dev-idp/testing");
    const jar = new CookieJar();
    const callbackUrl = await callbackFor(app, jar);
    const cookie = jar.getCookieHeader(callbackUrl) ?? "";
    expect(await deliver(app, callbackUrl, cookie)).toBe(true);
    // The same response again, with the same state and PKCE cookies: the code is spent.
    expect(await deliver(app, callbackUrl, cookie)).toBe(false);
  });

  test(`${app}: a code issued to the other app's client is refused`, async () => {
    const { CookieJar } = await import("@logto-hf/dev-idp/testing");
    const other = app === "web" ? "remix" : "web";
    const victim = new CookieJar();
    const ownCallback = await callbackFor(app, victim); // this app's state and PKCE cookies, its own code unused
    const foreign = await callbackFor(other, new CookieJar());
    const swapped = new URL(ownCallback);
    swapped.searchParams.set("code", foreign.searchParams.get("code")!);
    expect(await deliver(app, swapped, victim.getCookieHeader(ownCallback) ?? "")).toBe(false);
  });
}

test("web: a callback whose PKCE verifier cookie is missing is refused", async () => {
  const { CookieJar } = await import("@logto-hf/dev-idp/testing");
  const jar = new CookieJar();
  const callbackUrl = await callbackFor("web", jar);
  const cookie = (jar.getCookieHeader(callbackUrl) ?? "")
    .split("; ")
    .filter((pair) => !pair.startsWith("web-pkce.code_verifier="))
    .join("; ");
  expect(cookie).toContain("web-state=");
  expect(await deliver("web", callbackUrl, cookie)).toBe(false);
});

for (const app of ["web", "remix"] as const) {
  test(`${app}: a production start against a real issuer refuses unsafe configuration and names it`, async () => {
    const real = {
      NODE_ENV: "production",
      AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc",
      AUTH_LOGTO_ID: "app-id",
      AUTH_LOGTO_SECRET: "a-real-app-secret",
      AUTH_SECRET: "a-real-secret-of-more-than-thirty-two-chars",
      AUTH_URL: `https://${app}.example.com`,
      WEB_PORT: String(ownPorts.attacks.unsafeWeb),
      REMIX_PORT: String(ownPorts.attacks.unsafeRemix),
    };
    const cases: [Record<string, string>, RegExp][] = [
      [{ AUTH_LOGTO_ISSUER: "http://logto.example.com/oidc" }, /AUTH_LOGTO_ISSUER: must use https: in production/],
      [
        { AUTH_SECRET: demoApp(app, {}).developmentDefaults.AUTH_SECRET },
        /AUTH_SECRET: is the committed development secret/,
      ],
      [
        { AUTH_LOGTO_SECRET: demoApp(app, {}).developmentDefaults.AUTH_LOGTO_SECRET },
        /AUTH_LOGTO_SECRET: is the local IdP's demo secret/,
      ],
      [{ AUTH_SECRET: "short" }, /AUTH_SECRET: must be at least 32 characters/],
    ];
    for (const [override, message] of cases) {
      const { code, output } = await startExpectingExit(app, { ...real, ...override });
      expect(code, output).not.toBe(0);
      expect(code, `still running with ${JSON.stringify(override)}`).not.toBeNull();
      expect(output).toMatch(message);
    }
  });
}

for (const app of ["web", "remix"] as const) {
  test(`${app}: served over https, every auth cookie is Secure with a __Host- or __Secure- name`, async () => {
    const { spawn } = await import("node:child_process");
    const { serverEnv } = await import("../servers");
    const { openServerLog } = await import("../server-logs");
    const port = app === "web" ? ownPorts.attacks.httpsWeb : ownPorts.attacks.httpsRemix;
    const origin = `http://localhost:${port}`;
    const log = openServerLog(`${app}-${port}`);
    const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
      env: {
        ...process.env,
        ...serverEnv,
        ...(app === "web" ? { WEB_PORT: String(port) } : { REMIX_PORT: String(port) }),
        // As behind a TLS-terminating proxy: the public URL is https.
        AUTH_URL: `https://localhost:${port}`,
        AUTH_REVOCATION_FILE: `${serverEnv.IDP_DATA_DIR}/${app}-https-revocations.json`,
      },
      stdio: ["ignore", log.fd, log.fd],
      detached: true,
    });
    log.close();
    try {
      await waitUntilAnswering(`${origin}/`, { timeoutMs: 30_000 });
      const setCookies: string[] = [];
      const { get } = await import("node:http");
      for (const path of ["/", `${signInPaths[app]}%2F`]) {
        // node:http rather than fetch, which would mark the request as a script's (Sec-Fetch-Mode: cors) and skip the
        // probe.
        const headers = await new Promise<import("node:http").IncomingHttpHeaders>((resolve, reject) =>
          get(`${origin}${path}`, { headers: { accept: "text/html", "x-forwarded-proto": "https" } }, (response) => {
            response.resume();
            resolve(response.headers);
          }).on("error", reject),
        );
        setCookies.push(...(headers["set-cookie"] ?? []));
      }
      // The silent probe's cookie, the strategy's or Auth.js's state cookies, and the session.
      expect(setCookies.some((setCookie) => setCookie.includes("-sso-probe="))).toBe(true);
      expect(setCookies.length).toBeGreaterThanOrEqual(3);
      for (const setCookie of setCookies) {
        expect(setCookie, setCookie).toMatch(/^__(Host|Secure)-/);
        expect(setCookie, setCookie).toMatch(/;\s*Secure/i);
        expect(setCookie, setCookie).toMatch(/;\s*HttpOnly/i);
        expect(setCookie, setCookie).toMatch(/;\s*SameSite=Lax/i);
        if (setCookie.startsWith("__Host-")) expect(setCookie, setCookie).not.toMatch(/;\s*Domain=/i);
      }
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }
  });
}
