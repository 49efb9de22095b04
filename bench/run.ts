/**
 * `pnpm bench`: zero-click SSO latency, interactive sign-in machine time and per-request auth cost of our two apps,
 * side by side with the same pages built on Logto's own SDKs (bench/peers), all on production builds against
 * apps/idp in one run (ratios, because these machines are noisy). Prints a table and writes bench/RESULTS.md and
 * bench/results.json. `--smoke` does one iteration of everything; `--only <part>` (sign-in, zero-click, throughput,
 * dev-loop, store-scale) runs one part and only prints it, for a quick before and after while working on it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { waitUntilAnswering } from "@logto-hf/demo";
import autocannon from "autocannon";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { startFloor } from "./floor.js";
import { benchPorts, comparisonPorts, devPorts, floorPorts } from "./ports.js";
import { percentile, startServers, urlsFor } from "./servers.js";
import { storeScale } from "./store-scale.js";

const smoke = process.argv.includes("--smoke");
const PARTS = ["sign-in", "zero-click", "throughput", "dev-loop", "store-scale"] as const;
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (only !== undefined && !(PARTS as readonly string[]).includes(only))
  throw new Error(`--only takes one of ${PARTS.join(", ")}; got "${only}"`);
const runs = (part: (typeof PARTS)[number]) => only === undefined || only === part;
const RUNS = smoke ? 1 : 30;
const LOAD_SECONDS = smoke ? 1 : 3;
const ROUNDS = smoke ? 1 : 3;
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const urls = urlsFor(benchPorts);
const local = (port: number) => `http://localhost:${port}`;

/** Every app the bench drives: all render the same pages with the same test ids. */
const apps = {
  web: { url: urls.web, sessionCookie: "web-session-token" },
  remix: { url: urls.remix, sessionCookie: "remix-session" },
  "peer-next": { url: local(comparisonPorts.peerNext), sessionCookie: "logto_peer-next" },
  "peer-remix": { url: local(comparisonPorts.peerRemix), sessionCookie: "peer-remix-session" },
};
type AppName = keyof typeof apps;
const peerOf = { web: "peer-next", remix: "peer-remix" } as const;

const ms = (value: number) => `${Math.round(value)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

/** The page's own navigation timing: from the start of the navigation (redirects included) to DOMContentLoaded. */
async function navigationMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return entry ? entry.domContentLoadedEventEnd - entry.startTime : Number.NaN;
  });
}

/** Opens `url` and counts the HTTP redirects of the top-level navigation. */
async function visit(page: Page, url: string): Promise<{ redirects: number }> {
  let redirects = 0;
  const onResponse = (response: import("playwright-core").Response) => {
    if (response.request().isNavigationRequest() && response.status() >= 300 && response.status() < 400) redirects++;
  };
  page.on("response", onResponse);
  await page.goto(url);
  page.off("response", onResponse);
  return { redirects };
}

/** When the current document's DOMContentLoaded ended, in epoch ms, and how long its navigation took to get there. */
async function documentReady(page: Page): Promise<{ at: number; navigation: number }> {
  await page.waitForLoadState("domcontentloaded");
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    const navigation = entry ? entry.domContentLoadedEventEnd - entry.startTime : Number.NaN;
    return { at: performance.timeOrigin + (entry?.domContentLoadedEventEnd ?? Number.NaN), navigation };
  });
}

/**
 * The machine time of an interactive sign-in: from the first request of the click on "Sign in" until the first
 * page of Hugging Face has loaded, plus each later step's navigation (the form sent, redirects, the next page
 * loaded). The time a person would spend on the Hugging Face pages (here, the automation's) is left out. `account`
 * is a stand-in account's button, or `{ username }` for a new user typed in.
 */
async function interactiveSignIn(page: Page, app: AppName, account: string | { username: string }) {
  await page.goto(`${apps[app].url}/`);
  await page.getByTestId("signed-out").waitFor();
  // From the browser's first request after the click: the automation's own click latency is not the product's.
  const firstRequest = page.waitForEvent(
    "request",
    (request) => request.isNavigationRequest() || request.method() === "POST",
  );
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  const request = await firstRequest;
  await request.response();
  const clickedAt = request.timing().startTime;
  let machine = 0;
  // @logto/remix cannot ask for Logto's direct sign-in: its user sees the IdP's sign-in page first.
  if (app === "peer-remix") {
    const link = page.getByRole("link", { name: "Continue with Hugging Face" });
    await link.waitFor();
    machine += (await documentReady(page)).at - clickedAt;
    await link.click();
  }
  const pick =
    typeof account === "string" ? page.getByRole("button", { name: account }) : page.getByPlaceholder("username");
  await pick.waitFor();
  const picker = await documentReady(page);
  machine += app === "peer-remix" ? picker.navigation : picker.at - clickedAt;
  if (typeof account === "string") {
    await pick.click();
  } else {
    await pick.fill(account.username);
    await page.getByRole("button", { name: "Continue" }).click();
  }
  const allow = page.getByRole("button", { name: "Allow" });
  await allow.waitFor();
  machine += (await documentReady(page)).navigation;
  await allow.click();
  await page.getByTestId("signed-in").waitFor();
  machine += (await documentReady(page)).navigation;
  return machine;
}

async function zeroClick(page: Page, context: BrowserContext, app: AppName) {
  await context.clearCookies({ name: apps[app].sessionCookie });
  const { redirects } = await visit(page, `${apps[app].url}/`);
  await page.getByTestId("signed-in").waitFor();
  return { ms: await navigationMs(page), redirects };
}

interface Target {
  url: string;
  cookie: string | undefined;
}

/** Requests/s of one target for `seconds`, 10 connections, loopback; any non-2xx answer or error fails the bench. */
async function requestsPerSecond({ url, cookie }: Target, seconds: number): Promise<number> {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: { accept: "text/html", ...(cookie ? { cookie } : {}) },
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Requests/s of targets that are compared with each other: each warmed up unmeasured (the JIT), then measured in
 * ROUNDS rounds that alternate between them, so that drift on a noisy machine hits all alike; the median round.
 */
async function throughputs<K extends string>(targets: Record<K, Target>): Promise<Record<K, number>> {
  const names = Object.keys(targets) as K[];
  for (const name of names) await requestsPerSecond(targets[name], smoke ? 0.5 : 2);
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as unknown as Record<K, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names)
      samples[name].push(await requestsPerSecond(targets[name], LOAD_SECONDS));
  }
  return Object.fromEntries(names.map((name) => [name, percentile(samples[name], 50)])) as Record<K, number>;
}

/** The cookies a browser context holds for an app, as a Cookie header. */
async function cookieHeader(context: BrowserContext, app: AppName) {
  return (await context.cookies(apps[app].url)).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Wall time of a shell command in the repository, in ms. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: "ignore" });
    child.on("exit", (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${command} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** From `pnpm dev` until idp, web and remix all answer, on ports of its own. */
async function devReadyMs(): Promise<number> {
  const env = { WEB_PORT: String(devPorts.web), IDP_PORT: String(devPorts.idp), REMIX_PORT: String(devPorts.remix) };
  const started = performance.now();
  const dev = spawn("pnpm", ["dev"], { cwd: repo, env: { ...process.env, ...env }, stdio: "ignore", detached: true });
  try {
    const devUrls = urlsFor(devPorts);
    const targets = [`${devUrls.issuer}/.well-known/openid-configuration`, `${devUrls.web}/`, `${devUrls.remix}/`];
    await Promise.all(targets.map((url) => waitUntilAnswering(url, { timeoutMs: 120_000, intervalMs: 200 })));
    return performance.now() - started;
  } finally {
    if (dev.pid) process.kill(-dev.pid, "SIGTERM");
    await new Promise((done) => dev.on("exit", done));
  }
}

const results: Record<string, unknown> = {
  runs: RUNS,
  loadSeconds: LOAD_SECONDS,
  rounds: ROUNDS,
  date: new Date().toISOString(),
};
const rows: string[][] = [];
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

/** Machine time of a first sign-in, ours and the peers interleaved run by run, each in a fresh context. */
async function interactiveSignIns(browser: Browser) {
  const times: Record<AppName, number[]> = { web: [], remix: [], "peer-next": [], "peer-remix": [] };
  for (let run = -1; run < RUNS; run++) {
    for (const app of Object.keys(apps) as AppName[]) {
      const context = await browser.newContext();
      const took = await interactiveSignIn(await context.newPage(), app, "Ada Lovelace");
      if (run >= 0) times[app].push(took); // run -1 warms the servers up
      await context.close();
    }
  }
  for (const app of ["web", "remix"] as const) {
    const ours = summary(times[app]);
    const peer = summary(times[peerOf[app]]);
    results[`interactive ${app}`] = { ours, peer, oursOverPeerP50: ours.p50 / peer.p50 };
    rows.push([`interactive first sign-in, ${app}, machine time`, ms(ours.p50), ms(ours.p95), ""]);
    rows.push([`interactive first sign-in, ${peerOf[app]} (Logto SDK), machine time`, ms(peer.p50), ms(peer.p95), ""]);
    rows.push([
      `interactive first sign-in, ${app} ÷ ${peerOf[app]} (p50; below 1 is faster)`,
      ratio(ours.p50 / peer.p50),
      "",
      "",
    ]);
  }
}

type NavigationSample = { ms: number; redirects: number };

/**
 * One sample of the protocol floor of a zero-click return visit (bench/floor.ts): three no-op redirects across two
 * loopback origins and a static page, timed as the apps' return visits are, in a new context whose first visit (not
 * measured) opens the connections to both origins as an app's first visit does.
 */
async function floorReturn(browser: Browser, url: string): Promise<NavigationSample> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let sample: NavigationSample | undefined;
  for (const measured of [false, true]) {
    const { redirects } = await visit(page, url);
    await page.getByTestId("floor").waitFor();
    if (redirects !== 3) throw new Error(`the floor took ${redirects} redirects, not 3`);
    if (measured) sample = { ms: await navigationMs(page), redirects };
  }
  await context.close();
  return sample!;
}

/**
 * One sample of zero-click SSO into `to` after an interactive sign-in to `from`: each run is a new Hugging Face user,
 * so the first visit has no grant yet (the consent fallback); the return visit follows with the grant in place.
 */
async function zeroClickSso(browser: Browser, from: "web" | "remix", to: "web" | "remix", run: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await interactiveSignIn(page, from, { username: `zc-${from}-${run}-${Date.now().toString(36)}` });
  const first = await zeroClick(page, context, to);
  const returned = await zeroClick(page, context, to);
  await context.close();
  return { first, returned };
}

/**
 * Zero-click SSO in both directions and its protocol floor, interleaved run by run so that drift on a noisy machine
 * hits all alike; each return visit's p50 ÷ the floor's.
 */
async function zeroClickPart(browser: Browser, floorUrl: string) {
  const directions = [
    ["web", "remix"],
    ["remix", "web"],
  ] as const;
  const floor: NavigationSample[] = [];
  const samples = directions.map(() => ({ first: [] as NavigationSample[], returned: [] as NavigationSample[] }));
  for (let run = 0; run < RUNS; run++) {
    floor.push(await floorReturn(browser, floorUrl));
    for (const [index, [from, to]] of directions.entries()) {
      const { first, returned } = await zeroClickSso(browser, from, to, run);
      samples[index]!.first.push(first);
      samples[index]!.returned.push(returned);
    }
  }
  const report = (label: string, values: NavigationSample[]) => {
    const times = summary(values.map((s) => s.ms));
    const redirects = percentile(
      values.map((s) => s.redirects),
      50,
    );
    rows.push([label, ms(times.p50), ms(times.p95), String(redirects)]);
    return { ...times, redirects };
  };
  const floorTimes = report("zero-click floor: static page behind 3 no-op redirects, 2 loopback origins", floor);
  results.zeroClickFloor = floorTimes;
  for (const [index, [from, to]] of directions.entries()) {
    const firstVisit = report(`zero-click ${from} → ${to}, first visit (consent fallback)`, samples[index]!.first);
    const returnVisit = report(`zero-click ${from} → ${to}, return visit`, samples[index]!.returned);
    const overFloor = returnVisit.p50 / floorTimes.p50;
    rows.push([`zero-click ${from} → ${to}, return visit ÷ floor (p50)`, ratio(overFloor), "", ""]);
    results[`zeroClick ${from}→${to}`] = { firstVisit, returnVisit: { ...returnVisit, overFloorP50: overFloor } };
  }
}

/**
 * Requests/s of the home page signed out and signed in (the steady state: for web, a page view within the access
 * token's lifetime skips the proxy); then the protected page, ours vs the Logto SDK peer. The peers do no
 * per-request session check, so ours ÷ peer includes the cost of ours (web's proxy, remix's root loader).
 */
async function perRequestCost(browser: Browser, app: "web" | "remix") {
  const anonymous = await browser.newContext();
  const anonymousPage = await anonymous.newPage();
  await anonymousPage.goto(`${apps[app].url}/`);
  await anonymousPage.getByTestId("signed-out").waitFor();
  const signedOutCookie = await cookieHeader(anonymous, app);
  const signedIn = await browser.newContext();
  await interactiveSignIn(await signedIn.newPage(), app, "Ada Lovelace");
  const signedInCookie = await cookieHeader(signedIn, app);
  const peer = peerOf[app];
  const peerContext = await browser.newContext();
  await interactiveSignIn(await peerContext.newPage(), peer, "Ada Lovelace");
  const peerCookie = await cookieHeader(peerContext, peer);

  const measured = await throughputs({
    out: { url: `${apps[app].url}/`, cookie: signedOutCookie },
    inside: { url: `${apps[app].url}/`, cookie: signedInCookie },
    ours: { url: `${apps[app].url}/protected`, cookie: signedInCookie },
    theirs: { url: `${apps[peer].url}/protected`, cookie: peerCookie },
  });
  const { out, inside, ours, theirs } = measured;
  results[`throughput ${app}`] = {
    signedOut: out,
    signedIn: inside,
    signedInOverSignedOut: inside / out,
    protectedOurs: ours,
    protectedPeer: theirs,
    oursOverPeer: ours / theirs,
  };
  rows.push([
    `${app}: requests/s signed in ÷ signed out`,
    `${Math.round(inside)} ÷ ${Math.round(out)}`,
    ratio(inside / out),
    "",
  ]);
  rows.push([
    `${app} ÷ ${peer}: requests/s of /protected signed in`,
    `${Math.round(ours)} ÷ ${Math.round(theirs)}`,
    ratio(ours / theirs),
    "",
  ]);
  for (const context of [anonymous, signedIn, peerContext]) await context.close();
}

async function developerLoop() {
  const cold = await timed("pnpm", ["turbo", "run", "build", "--force", "--filter=./apps/*"]);
  const cached = await timed("pnpm", ["turbo", "run", "build", "--filter=./apps/*"]);
  const dev = await devReadyMs();
  results.developerLoop = { coldBuild: cold, cachedBuild: cached, devReady: dev };
  rows.push([
    "turbo build, cold (--force) ÷ cached",
    `${(cold / 1000).toFixed(1)} s ÷ ${(cached / 1000).toFixed(1)} s`,
    "",
    "",
  ]);
  rows.push(["pnpm dev until the three servers answer", `${(dev / 1000).toFixed(1)} s`, "", ""]);
}

/** The parts that drive the apps in a browser, on production servers started for them. */
async function browserParts() {
  const dataDir = await mkdtemp(join(tmpdir(), "bench-"));
  const servers = await startServers(benchPorts, dataDir, comparisonPorts);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    if (runs("sign-in")) await interactiveSignIns(browser);
    if (runs("zero-click")) {
      const floor = await startFloor(floorPorts);
      try {
        await zeroClickPart(browser, floor.url);
      } finally {
        await floor.stop();
      }
    }
    if (runs("throughput")) for (const app of ["web", "remix"] as const) await perRequestCost(browser, app);
  } finally {
    await browser.close();
    servers.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if ((["sign-in", "zero-click", "throughput"] as const).some(runs)) await browserParts();
  // After the servers above have stopped, so that the builds and dev servers do not compete with them.
  if (!smoke && runs("dev-loop")) await developerLoop();
  const stores = runs("store-scale") ? await storeScale(smoke) : undefined;
  if (stores) results.storeScale = stores.results;

  const table = [
    "| measure | p50 / value | p95 / ratio | redirects |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
  const storeSection = stores
    ? "\n\n## Revocation store scale\n\n" +
      "Each store opened in a fresh process on N revoked sessions already present (bench/store-scale.ts); " +
      "`isRevoked` in batches of 10 calls, over 10,000 sessions picked at random among the N.\n\n" +
      stores.tables.join("\n\n")
    : "";
  console.log(`${rows.length > 0 ? table : ""}${storeSection}`);
  const header =
    `# Benchmark results\n\n${smoke ? "Smoke run (1 iteration): not figures to quote.\n\n" : ""}` +
    `Production builds against apps/idp on one 2-core machine, ${RUNS} runs per latency figure, ` +
    `throughput the median of ${ROUNDS} alternating rounds of ${LOAD_SECONDS} s (10 connections) after a warm-up; ` +
    `${String(results.date)}. Peers: the same pages on Logto's own SDKs (bench/peers); ` +
    "they do no per-request session check, so ours ÷ peer includes the cost of ours.\n\n";
  // A part alone is printed, not recorded: RESULTS.md stays a whole run.
  if (only === undefined) {
    await writeFile(join(here, "RESULTS.md"), `${header}${table}${storeSection}\n`);
    await writeFile(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  }
}

await main();
