// Throwaway profiler (not committed): zero-click return visits into web and remix, navigation-timing breakdown.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { startServers, urlsFor } from "./servers.js";

const ports = { web: 4650, idp: 4651, remix: 4652 };
const urls = urlsFor(ports);
const N = Number(process.env.N ?? 20);
const servers = await startServers(ports, await mkdtemp(join(tmpdir(), "zc-")));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const timing = (page: Page) =>
  page.evaluate(() => {
    const [e] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return {
      redirect: e!.fetchStart - e!.startTime,
      ttfb: e!.responseStart - e!.fetchStart,
      body: e!.responseEnd - e!.responseStart,
      interactive: e!.domInteractive - e!.responseEnd,
      dclStart: e!.domContentLoadedEventStart - e!.domInteractive,
      dclRun: e!.domContentLoadedEventEnd - e!.domContentLoadedEventStart,
      total: e!.domContentLoadedEventEnd - e!.startTime,
      size: e!.transferSize,
    };
  });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${urls.web}/`);
  await page.getByRole("button", { name: "Sign in with Hugging Face" }).click();
  await page.getByRole("button", { name: "Ada Lovelace" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.getByTestId("signed-in").waitFor();
  const samples: Record<string, Record<string, number>[]> = { web: [], remix: [] };
  for (let i = 0; i < N + 3; i++) {
    for (const [app, cookie] of [
      ["remix", "remix-session"],
      ["web", "authjs.session-token"],
    ] as const) {
      await context.clearCookies({ name: cookie });
      await page.goto(`${urls[app]}/`);
      await page.getByTestId("signed-in").waitFor();
      if (i >= 3) samples[app]!.push(await timing(page));
    }
  }
  const med = (list: Record<string, number>[], k: string) => {
    const v = list.map((s) => s[k]!).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)]!;
  };
  for (const [app, list] of Object.entries(samples))
    console.log(
      app,
      ["redirect", "ttfb", "body", "interactive", "dclStart", "dclRun", "total", "size"].map((k) => `${k}=${med(list, k).toFixed(1)}`).join(" "),
    );
  console.log("ratio web/remix total", (med(samples.web!, "total") / med(samples.remix!, "total")).toFixed(2));
} finally {
  await browser.close();
  servers.stop();
}
