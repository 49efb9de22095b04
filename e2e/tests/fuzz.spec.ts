import { gzipSync } from "node:zlib";
import { expect, test } from "../fixtures";
import { type Answer, send, sendRaw } from "../raw-http";
import { urls } from "../servers";

/**
 * Requests an attacker (or a broken client) sends: odd paths, queries, headers, request targets and bodies. Neither
 * app may answer any of them with a 5xx, leave one unanswered, or redirect to a host taken from the request. Sent
 * with node:http or a bare socket, which send the target and headers exactly as written.
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
  "/api/auth/%zz",
  "/api/auth/session/%zz",
  "/api/auth/callback/%E0%A4%A",
  "/auth/%zz",
];

const navigation = {
  accept: "text/html,application/xhtml+xml",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  "sec-fetch-site": "none",
};

/** Every route of either app (the other app answers 404). */
const routes = [
  "/",
  "/protected",
  "/account",
  "/auth/sign-in",
  "/auth/sign-out",
  "/auth/session-ended",
  "/auth/callback",
  "/auth/backchannel-logout",
  "/api/auth/backchannel-logout",
  "/api/auth/session",
  "/api/auth/csrf",
  "/api/auth/signin/logto",
  "/api/auth/signout",
  "/api/auth/callback/logto",
];
const backchannel = { web: "/api/auth/backchannel-logout", remix: "/auth/backchannel-logout" } as const;

/** Hosts that a request names; no answer may send the browser to one of them. */
const requestHosts = ["evil.example", "a", "b", "localhost:1"];
const badHosts = ["evil.example", "localhost:99999", "[::1", "a b", "localhost:1/x", "", "a:b", "évil.example"];
const forwardedHeaders: [string, Record<string, string>][] = [
  ...["evil.example", "evil.example:443", "a:99999", "[::1", "a b", "a, b", ""].map(
    (value): [string, Record<string, string>] => [`X-Forwarded-Host ${value}`, { "x-forwarded-host": value }],
  ),
  ...["https", "javascript", "https, http", "ht tp", ""].map((value): [string, Record<string, string>] => [
    `X-Forwarded-Proto ${value}`,
    { "x-forwarded-proto": value, "x-forwarded-host": "evil.example" },
  ]),
  ...["host=evil.example;proto=https", 'for=";;;"; host="a b"', "host=localhost:99999", "proto=javascript"].map(
    (value): [string, Record<string, string>] => [`Forwarded ${value}`, { forwarded: value }],
  ),
];

const form = "application/x-www-form-urlencoded";
const megabyte = Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, "a"));
const bodies: [string, Record<string, string>, Buffer[]][] = [
  ["chunked 1 MB", { "content-type": form }, [Buffer.from("logout_token="), ...megabyte]],
  ["bad content-type", { "content-type": "multipart/form-data" }, [Buffer.from("logout_token=x")]],
  ["odd content-type", { "content-type": ";;; charset=%%%" }, [Buffer.from("x")]],
  ["gzip body", { "content-type": form, "content-encoding": "gzip" }, [gzipSync("logout_token=x")]],
  ["gzip that is not", { "content-type": form, "content-encoding": "gzip" }, [Buffer.from("logout_token=x")]],
];

/** Why an answer fails: a 5xx, no answer in time, a reset, or a redirect off the apps' and the IdP's hosts. */
function failure(answer: Answer, app: "web" | "remix", closedIsFine = false): string | undefined {
  if (answer.status === -1) return "no answer in time";
  if (answer.status === 0 && !closedIsFine) return `no answer (${answer.error})`;
  if (answer.status >= 500) return String(answer.status);
  if (answer.location) {
    const ours = [urls.web, urls.remix, urls.idp].map((url) => new URL(url).host);
    const host = new URL(answer.location, urls[app]).host;
    if (!ours.includes(host) || requestHosts.includes(host)) return `redirect to ${answer.location}`;
  }
  return undefined;
}

for (const app of ["web", "remix"] as const) {
  test.describe(app, () => {
    const failures: string[] = [];
    const check = (label: string, answer: Answer, closedIsFine = false) => {
      const why = failure(answer, app, closedIsFine);
      if (why) failures.push(`${why}: ${label.slice(0, 100)}`);
    };
    test.beforeEach(() => {
      failures.length = 0;
      test.setTimeout(180_000);
    });

    test(`${app}: no path, query or header produces a 5xx`, async () => {
      for (const path of paths) {
        check(`page navigation ${path}`, await send(urls[app], path, { headers: navigation }));
        check(`no Accept ${path}`, await send(urls[app], path));
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
        ["odd Accept", { accept: "*/*;q=abc, text/html;;" }],
        ["odd Referer", { ...navigation, referer: "::not a url::" }],
        ["Referer from another site", { ...navigation, referer: "http://localhost:1/", "cache-control": "max-age=0" }],
      ] as const) {
        for (const path of ["/", "/protected"]) check(`${label} ${path}`, await send(urls[app], path, { headers }));
      }
      expect(failures).toEqual([]);
    });

    test(`${app}: odd Host, X-Forwarded-Host, X-Forwarded-Proto and Forwarded headers`, async () => {
      const cases: [string, Record<string, string>][] = [
        ...badHosts.map((host): [string, Record<string, string>] => [`Host ${host}`, { host }]),
        ...forwardedHeaders,
      ];
      for (const [label, headers] of cases) {
        for (const path of ["/", "/protected", "/auth/sign-in", "/api/auth/signin/logto", "/auth/callback"]) {
          check(`${label} ${path}`, await send(urls[app], path, { headers: { ...navigation, ...headers } }));
        }
      }
      expect(failures).toEqual([]);
    });

    test(`${app}: request targets that are not paths: absolute-form, OPTIONS *`, async () => {
      const { host } = new URL(urls[app]);
      const heads = [
        `GET ${urls[app]}/ HTTP/1.1\r\nHost: ${host}`,
        `GET ${urls[app]}/protected HTTP/1.1\r\nHost: ${host}`,
        `GET http://evil.example/ HTTP/1.1\r\nHost: ${host}`,
        "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example",
        "GET http://evil.example/protected?x=1 HTTP/1.1\r\nHost: evil.example",
        `POST http://evil.example${backchannel[app]} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0`,
        `OPTIONS * HTTP/1.1\r\nHost: ${host}`,
        "OPTIONS * HTTP/1.1\r\nHost: evil.example",
        `GET * HTTP/1.1\r\nHost: ${host}`,
      ];
      for (const head of heads) {
        check(head.split("\r\n")[0]!, await sendRaw(urls[app], `${head}\r\nConnection: close\r\n\r\n`));
      }
      // Node.js closes the connection of a CONNECT that no listener takes: no answer, and that is fine.
      const connect = "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n";
      check("CONNECT evil.example:443", await sendRaw(urls[app], connect), true);
      expect(failures).toEqual([]);
    });

    test(`${app}: request bodies of every size and encoding on every route; 413 for an oversized logout`, async () => {
      const { host } = new URL(urls[app]);
      for (const route of routes) {
        for (const [label, headers, chunks] of bodies) {
          check(`${label} ${route}`, await send(urls[app], route, { method: "POST", headers, chunks }));
        }
        const truncated = `POST ${route} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${form}\r\nContent-Length: 5000\r\n\r\n`;
        check(
          `truncated body ${route}`,
          await sendRaw(urls[app], truncated, Buffer.from("logout_token=abc"), true),
          true,
        );
      }
      const chunked = await send(urls[app], backchannel[app], {
        method: "POST",
        headers: { "content-type": form },
        chunks: bodies[0]![2],
      });
      expect(chunked.status, "chunked 1 MB back-channel logout").toBe(413);
      const declared = await send(urls[app], backchannel[app], {
        method: "POST",
        headers: { "content-type": form, "content-length": String(1024 * 1024) },
        chunks: megabyte,
      });
      expect(declared.status, "1 MB back-channel logout with Content-Length").toBe(413);
      expect(failures).toEqual([]);
    });
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
