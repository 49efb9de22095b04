/**
 * `pnpm bench`: zero-click SSO latency, interactive sign-in machine time and per-request auth cost, measured on
 * production builds against apps/idp in one run (ratios, because these machines are noisy). Prints a table and
 * writes bench/RESULTS.md and bench/results.json. `--smoke` does one iteration of everything.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { percentile, startServers, urlsFor } from "./servers.js";

const smoke = process.argv.includes("--smoke");
const RUNS = smoke ? 1 : 30;
const LOAD_SECONDS = smoke ? 1 : 5;
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const ports = { web: 4600, idp: 4601, remix: 4602 };
const urls = urlsFor(ports);
const apps = { web: { url: urls.web, sessionCookie: "authjs.session-token" }, remix: { url: urls.remix, sessionCookie: "remix-session" } };
type AppName = keyof typeof apps;

const ms = (value: number) => `${Math.round(value)} ms`;

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

/** From the click on "Sign in" to the signed-in page, through Hugging Face's two pages clicked at once. */
async function interactiveSignIn(page: Page, app: AppName, account: string) {
  await page.goto(`${apps[app].url}/`);
  await page.getByTestId("signed-out").waitFor();
  const started = performance.now();
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await page.getByRole("button", { name: account }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.getByTestId("signed-in").waitFor();
  return performance.now() - started;
}

async function zeroClick(page: Page, context: BrowserContext, app: AppName) {
  await context.clearCookies({ name: apps[app].sessionCookie });
  const { redirects } = await visit(page, `${apps[app].url}/`);
  await page.getByTestId("signed-in").waitFor();
  return { ms: await navigationMs(page), redirects };
}

async function throughput(url: string, cookie: string | undefined): Promise<number> {
  const result = await autocannon({
    url,
    connections: 10,
    duration: LOAD_SECONDS,
    headers: { accept: "text/html", ...(cookie ? { cookie } : {}) },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/** Wall time of a shell command in the repository, in ms. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: "ignore" });
    child.on("exit", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} ${args.join(" ")} exited ${code}`))));
  });
}

/** From `pnpm dev` until idp, web and remix all answer, on ports of its own. */
async function devReadyMs(): Promise<number> {
  const devPorts = { WEB_PORT: "4620", IDP_PORT: "4621", REMIX_PORT: "4622" };
  const started = performance.now();
  const dev = spawn("pnpm", ["dev"], { cwd: repo, env: { ...process.env, ...devPorts }, stdio: "ignore", detached: true });
  try {
    const targets = ["http://localhost:4621/oidc/.well-known/openid-configuration", "http://localhost:4620/", "http://localhost:4622/"];
    const deadline = Date.now() + 120_000;
    for (const url of targets) {
      while (!(await fetch(url, { redirect: "manual", headers: { accept: "*/*" } }).then((r) => r.status < 500, () => false))) {
        if (Date.now() > deadline) throw new Error(`pnpm dev: ${url} did not answer within 120 s`);
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    return performance.now() - started;
  } finally {
    if (dev.pid) process.kill(-dev.pid, "SIGTERM");
    await new Promise((done) => dev.on("exit", done));
  }
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "bench-"));
  const servers = await startServers(ports, dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const results: Record<string, unknown> = { runs: RUNS, loadSeconds: LOAD_SECONDS, date: new Date().toISOString() };
  const rows: string[][] = [];
  const developerLoop = async () => {
    const cold = await timed("pnpm", ["turbo", "run", "build", "--force"]);
    const cached = await timed("pnpm", ["turbo", "run", "build"]);
    const dev = await devReadyMs();
    results.developerLoop = { coldBuild: cold, cachedBuild: cached, devReady: dev };
    rows.push(["turbo build, cold (--force) ÷ cached", `${(cold / 1000).toFixed(1)} s ÷ ${(cached / 1000).toFixed(1)} s`, "", ""]);
    rows.push(["pnpm dev until the three servers answer", `${(dev / 1000).toFixed(1)} s`, "", ""]);
  };
  try {
    // Interactive sign-in (no human steps: the clicks are immediate), each in a fresh browser context.
    const interactive: number[] = [];
    for (let run = -1; run < RUNS; run++) {
      const context = await browser.newContext();
      const took = await interactiveSignIn(await context.newPage(), "web", "Ada Lovelace");
      if (run >= 0) interactive.push(took); // run -1 warms the servers up
      await context.close();
    }
    results.interactive = { p50: percentile(interactive, 50), p95: percentile(interactive, 95) };
    rows.push(["interactive first sign-in (web), machine time", ms(percentile(interactive, 50)), ms(percentile(interactive, 95)), ""]);

    // Zero-click SSO, both directions: the first visit (no grant: consent fallback), then return visits.
    for (const [from, to, account] of [["web", "remix", "Grace Hopper"], ["remix", "web", "linus"]] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await interactiveSignIn(page, from, account);
      const first = await zeroClick(page, context, to);
      const returns: { ms: number; redirects: number }[] = [];
      for (let run = 0; run < RUNS; run++) returns.push(await zeroClick(page, context, to));
      const times = returns.map((r) => r.ms);
      const redirects = percentile(returns.map((r) => r.redirects), 50);
      results[`zeroClick ${from}→${to}`] = { first, returnVisit: { p50: percentile(times, 50), p95: percentile(times, 95), redirects } };
      rows.push([`zero-click ${from} → ${to}, first visit (consent fallback, 1 run)`, ms(first.ms), "", String(first.redirects)]);
      rows.push([`zero-click ${from} → ${to}, return visit`, ms(percentile(times, 50)), ms(percentile(times, 95)), String(redirects)]);
      await context.close();
    }

    // Requests/s of the home page, signed in vs signed out (after a probe found no IdP session), per app.
    for (const app of ["web", "remix"] as const) {
      const anonymous = await browser.newContext();
      const anonymousPage = await anonymous.newPage();
      await anonymousPage.goto(`${apps[app].url}/`);
      await anonymousPage.getByTestId("signed-out").waitFor();
      const signedOutCookie = (await anonymous.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const signedIn = await browser.newContext();
      await interactiveSignIn(await signedIn.newPage(), app, "Ada Lovelace");
      const signedInCookie = (await signedIn.cookies(apps[app].url)).map((c) => `${c.name}=${c.value}`).join("; ");
      const out = await throughput(`${apps[app].url}/`, signedOutCookie);
      const inside = await throughput(`${apps[app].url}/`, signedInCookie);
      results[`throughput ${app}`] = { signedOut: out, signedIn: inside, ratio: inside / out };
      rows.push([`${app}: requests/s signed in ÷ signed out`, `${Math.round(inside)} ÷ ${Math.round(out)}`, `${(inside / out).toFixed(2)}×`, ""]);
      await anonymous.close();
      await signedIn.close();
    }
  } finally {
    await browser.close();
    servers.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  // After the servers above have stopped, so that the builds and dev servers do not compete with them.
  if (!smoke) await developerLoop();

  const table = [
    "| measure | p50 / value | p95 / ratio | redirects |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
  console.log(table);
  const header = `# Benchmark results\n\n${smoke ? "Smoke run (1 iteration): not figures to quote.\n\n" : ""}Production builds against apps/idp on one 2-core machine, ${RUNS} runs per latency figure, ${LOAD_SECONDS} s of load (10 connections) per throughput figure; ${String(results.date)}.\n\n`;
  await writeFile(join(here, "RESULTS.md"), `${header}${table}\n`);
  await writeFile(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
