import { request as httpRequest } from "node:http";
import { expect, test } from "../fixtures";
import { urls } from "../servers";

/**
 * Requests an attacker (or a broken client) sends: odd paths, queries and headers. Neither app may answer any of
 * them with a 500. Sent with node:http, which sends the path and headers exactly as written.
 */
const paths = [
  "//",
  "///",
  "//?x=1",
  "//evil.example/",
  "/%2F%2Fevil.example",
  "/%5C%5Cevil.example",
  "/\\evil.example",
  "/\\\\evil.example",
  "/..",
  "/../../etc/passwd",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/protected/..%2F..%2F",
  `/${"a".repeat(4000)}`,
  `/?q=${"b".repeat(6000)}`,
  "/%",
  "/%zz",
  "/%E0%A4%A",
  "/%00",
  "/%C0%AF",
  "/ünïcödé",
  "/%F0%9F%98%80",
  "/?returnTo=%",
  "/?callbackUrl=%2F%2Fevil.example",
  "/auth/sign-in?returnTo=%",
  "/auth/sign-in?callbackUrl=%zz",
  "/auth/callback?state=%&code=%",
  "/api/auth/callback/logto?state=%&code=%",
  "/auth/session-ended?returnTo=%",
  "/account?%",
  "/protected#x",
];

const navigation = {
  accept: "text/html,application/xhtml+xml",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  "sec-fetch-site": "none",
};

function send(base: string, path: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path, method: "GET", headers, setHost: !("host" in headers) },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${path}`)));
    req.end();
  });
}

for (const app of ["web", "remix"] as const) {
  test(`${app}: no path, query or header produces a 500`, async () => {
    test.setTimeout(120_000);
    const failures: string[] = [];
    const check = async (label: string, path: string, headers: Record<string, string>) => {
      const status = await send(urls[app], path, headers).catch((error: Error) =>
        error.message.startsWith("timeout") ? -1 : 0,
      );
      if (status >= 500 || status === -1) failures.push(`${status} ${label} ${path.slice(0, 60)}`);
    };
    for (const path of paths) {
      await check("page navigation", path, navigation);
      await check("no Accept", path, {});
    }
    for (const [label, headers] of [
      ["huge Cookie", { ...navigation, cookie: `x=${"c".repeat(12_000)}` }],
      ["many cookies", { ...navigation, cookie: Array.from({ length: 300 }, (_, i) => `k${i}=v${i}`).join("; ") }],
      [
        "garbage session cookie",
        {
          ...navigation,
          cookie: "web-session-token=%%%; remix-session=%%%; web-sso-probe=%%%; remix-sso-probe=%%%",
        },
      ],
      ["bad Host", { ...navigation, host: "evil.example" }],
      ["Host with a path", { ...navigation, host: "localhost:1/x" }],
      ["empty Host", { ...navigation, host: "" }],
      ["odd Accept", { accept: "*/*;q=abc, text/html;;" }],
      ["odd Referer", { ...navigation, referer: "::not a url::" }],
      ["Referer from another site", { ...navigation, referer: "http://localhost:1/", "cache-control": "max-age=0" }],
    ] as const) {
      await check(label, "/", headers);
      await check(label, "/protected", headers);
    }
    expect(failures).toEqual([]);
  });
}

test("remix: however many sign-ins a browser starts, its pending state cookies stay few (no 431)", async ({
  playwright,
}) => {
  const browserLike = await playwright.request.newContext();
  try {
    for (let i = 0; i < 90; i++) {
      const start = await browserLike.get(`${urls.remix}/auth/sign-in?returnTo=%2F`, { maxRedirects: 0 });
      expect(start.status(), `sign-in start ${i}`).toBe(302);
    }
    const pending = (await browserLike.storageState()).cookies.filter((cookie) =>
      cookie.name.startsWith("remix-logto-oauth:"),
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThanOrEqual(3);
    expect((await browserLike.get(`${urls.web}/`)).status()).toBe(200);
    expect((await browserLike.get(`${urls.remix}/`)).status()).toBe(200);
  } finally {
    await browserLike.dispose();
  }
});
