// Throwaway profiler (not committed): server time of each hop of a zero-click return visit, over HTTP.
import { mkdtemp } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CookieJar, signInThroughStandIn } from "@logto-hf/dev-idp/testing";

/** GET with node:http (undici's fetch forces Sec-Fetch-Mode: cors); a Response for the cookie jar. */
function get(url: URL, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const x of [v].flat()) if (x !== undefined) h.append(k, x);
        resolve(
          new Response(res.statusCode === 204 || res.statusCode === 304 ? null : Buffer.concat(chunks), { status: res.statusCode, headers: h }),
        );
      });
    })
      .on("error", reject)
      .end();
  });
}

import { startServers, urlsFor } from "./servers.js";

const ports = { web: 4650, idp: 4651, remix: 4652 };
const urls = urlsFor(ports);
const N = Number(process.env.N ?? 40);
const servers = process.env.NO_START ? { stop() {} } : await startServers(ports, await mkdtemp(join(tmpdir(), "zc-")));
const nav = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36",
  accept: "text/html",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
};
try {
  const jar = new CookieJar();
  const start = await fetch(`${urls.web}/auth/sign-in?callbackUrl=/`, { redirect: "manual", headers: nav });
  jar.setFromResponse(`${urls.web}/`, start);
  const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, { account: "ada", cookieJar: jar });
  const cb = await fetch(callbackUrl, { redirect: "manual", headers: { ...nav, cookie: jar.getCookieHeader(callbackUrl) ?? "" } });
  jar.setFromResponse(callbackUrl, cb);
  const results: Record<string, number[][]> = { web: [], remix: [] };
  for (let i = 0; i < N + 5; i++) {
    for (const app of (process.env.APPS ?? "web,remix").split(",") as ("web" | "remix")[]) {
      const appJar = new CookieJar();
      const times: number[] = [];
      let url = new URL(`${urls[app]}/`);
      for (let hop = 0; hop < 6; hop++) {
        const isIdp = url.origin === new URL(urls.issuer).origin;
        const j = isIdp ? jar : appJar;
        const t = performance.now();
        const res = await get(url, { ...nav, cookie: j.getCookieHeader(url) ?? "" });
        times.push(performance.now() - t);
        j.setFromResponse(url, res);
        const location = res.headers.get("location");
        if (!location) break;
        url = new URL(location, url);
      }
      if (i >= 5) results[app]!.push(times);
    }
  }
  for (const [app, runs] of Object.entries(results).filter(([, r]) => r.length)) {
    const hops = runs[0]!.length;
    const med = (k: number) => {
      const v = runs.map((r) => r[k]!).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)]!;
    };
    const meds = Array.from({ length: hops }, (_, k) => med(k));
    console.log(app, meds.map((m) => m.toFixed(1)).join(" | "), "total", meds.reduce((a, b) => a + b, 0).toFixed(1));
  }
} finally {
  servers.stop();
}
