/**
 * `pnpm load -- --n 200`: N complete sign-ins at once, at the HTTP level, each with its own cookie jar: web's
 * sign-in through the IdP and the Hugging Face stand-in, then the Remix app by zero-click SSO; then each user's
 * pages are read back. Every flow is a different user on a first visit to both apps. Prints flows/s, p50/p95,
 * failures and cross-talk (a user shown another's profile), and exits non-zero on any failure or cross-talk.
 * Production builds, loopback only, bounded in count and time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CookieJar, signInThroughStandIn } from "@logto-hf/dev-idp/testing";
import { loadPorts } from "./ports.js";
import { percentile, startServers, urlsFor } from "./servers.js";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const N = argument("n", 200);
const urls = urlsFor(loadPorts);
const FLOW_TIMEOUT_MS = 60_000;

/** A GET as a browser navigation sends it (node:http: fetch would add `Sec-Fetch-Mode: cors`). */
function navigationGet(
  url: string,
  cookie: string | undefined,
): Promise<{ status: number; location?: string; setCookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      {
        headers: {
          accept: "text/html",
          "sec-fetch-mode": "navigate",
          "sec-fetch-dest": "document",
          ...(cookie ? { cookie } : {}),
        },
        timeout: FLOW_TIMEOUT_MS,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            setCookies: response.headers["set-cookie"] ?? [],
            body,
          }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer from ${url}`)));
    request.on("error", reject);
  });
}

/** Follows redirects like a browser navigation, with the jar, until a page answers; returns it. */
async function navigate(
  jar: CookieJar,
  start: string,
  deadline: number,
): Promise<{ url: string; status: number; html: string }> {
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    if (Date.now() > deadline) throw new Error(`timed out at ${url}`);
    const response = await navigationGet(url, jar.getCookieHeader(url));
    for (const header of response.setCookies) jar.setCookie(header, url);
    if (response.status >= 300 && response.status < 400 && response.location) {
      url = new URL(response.location, url).href;
      continue;
    }
    return { url, status: response.status, html: response.body };
  }
  throw new Error(`more than 20 redirects from ${start}`);
}

const shownName = (html: string) => /data-testid="profile-name"[^>]*>([^<]*)</.exec(html)?.[1]?.replace(/&#x27;/g, "'");

async function flow(index: number): Promise<{ ms: number; error?: string; crossTalk?: string }> {
  // A Hugging Face user of its own per flow (the stand-in takes any username), so that any cross-talk shows.
  const user = { account: `load-${index}`, name: `load-${index}` };
  const jar = new CookieJar();
  const started = performance.now();
  const deadline = Date.now() + FLOW_TIMEOUT_MS;
  try {
    // Explicit sign-in to web: to the IdP, through Hugging Face, back to web's callback.
    const start = await fetch(`${urls.web}/auth/sign-in?returnTo=%2F`, { redirect: "manual" });
    jar.setFromResponse(`${urls.web}/auth/sign-in`, start);
    const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, {
      account: user.account,
      cookieJar: jar,
    });
    const web = await navigate(jar, callbackUrl.href, deadline);
    // Zero-click SSO into remix, with this user's IdP session only.
    const remix = await navigate(jar, `${urls.remix}/`, deadline);
    const ms = performance.now() - started;
    for (const [app, page] of [
      ["web", web],
      ["remix", remix],
    ] as const) {
      if (page.status !== 200 || !page.url.startsWith(urls[app]))
        return { ms, error: `${app} ended on ${page.status} ${page.url}` };
      const shown = shownName(page.html);
      if (shown === undefined) return { ms, error: `${app} is not signed in` };
      if (shown !== user.name) return { ms, crossTalk: `${user.name} saw ${shown} in ${app}` };
    }
    // Read each user's page again, as later requests would.
    const again = await navigate(jar, `${urls.web}/protected`, deadline);
    if (shownName(again.html) !== user.name)
      return { ms, crossTalk: `${user.name} saw ${shownName(again.html)} in web /protected` };
    return { ms };
  } catch (error) {
    return { ms: performance.now() - started, error: (error as Error).message };
  }
}

const dataDir = await mkdtemp(join(tmpdir(), "load-"));
const servers = await startServers(loadPorts, dataDir);
let exitCode = 0;
try {
  await flow(0); // warm-up, not counted
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: N }, (_, index) => flow(index + 1)));
  const seconds = (performance.now() - started) / 1000;
  const failures = results.filter((result) => result.error);
  const crossTalk = results.filter((result) => result.crossTalk);
  const times = results.map((result) => result.ms);
  console.log(
    `${N} concurrent sign-in flows (web through Hugging Face, then remix by zero-click SSO) in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `flows/s ${(N / seconds).toFixed(1)}   p50 ${Math.round(percentile(times, 50))} ms   p95 ${Math.round(percentile(times, 95))} ms`,
  );
  console.log(`failures ${failures.length}   cross-talk ${crossTalk.length}`);
  for (const result of [...failures, ...crossTalk].slice(0, 10)) console.log(`  ${result.error ?? result.crossTalk}`);
  exitCode = failures.length + crossTalk.length > 0 ? 1 : 0;
} finally {
  servers.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
