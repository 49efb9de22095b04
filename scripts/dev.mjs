// `pnpm dev`: turbo runs idp, web and remix in watch mode; this prints their URLs once all three answer, and passes
// Ctrl-C (or any stop signal) on to turbo, which stops every server.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

const port = (name, fallback) => Number(process.env[name] || fallback);
const webPort = port("WEB_PORT", 3000);
const remixPort = port("REMIX_PORT", 3002);
const idpPort = port("IDP_PORT", 3001);

const servers = [
  { name: "web (Next.js)", url: `http://localhost:${webPort}`, probe: `http://localhost:${webPort}/` },
  { name: "remix", url: `http://localhost:${remixPort}`, probe: `http://localhost:${remixPort}/` },
  { name: "idp (issuer)", url: `http://localhost:${idpPort}/oidc`, probe: `http://localhost:${idpPort}/oidc/.well-known/openid-configuration` },
];

const turbo = spawn("turbo", ["run", "dev", "--filter=./apps/*", ...process.argv.slice(2)], { stdio: "inherit" });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = true;
    // A terminal's Ctrl-C reaches turbo directly (same process group): it is not sent a second time from here.
    if (turbo.exitCode === null && turbo.signalCode === null && !(signal === "SIGINT" && process.stdin.isTTY)) turbo.kill(signal);
  });
}
turbo.on("exit", (code, signal) => {
  stopping = true;
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});
turbo.on("error", (error) => {
  console.error(`Could not start turbo: ${error.message}`);
  process.exit(1);
});

/** Whether a server answers at all: any HTTP status counts (the apps answer `/` without a session, the idp its discovery). */
async function answers(url) {
  try {
    // A plain request, not a page navigation: the apps do not start a silent sign-in for it. Without a timeout, the
    // first request to the Next.js dev server also waits for (and triggers) the compilation of its home page.
    const response = await fetch(url, { headers: { accept: "*/*" }, redirect: "manual" });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);
const say = (lines) => console.log(`\n${lines.map((line) => `  ${line}`).join("\n")}\n`);

say([
  "Starting idp, web and remix. Their URLs are printed here once all three answer.",
  "The first run on a fresh clone compiles the Next.js app on its first request: expect a minute or two; later runs take seconds.",
]);

const waiting = new Set(servers);
let reminded = false;
while (waiting.size > 0 && !stopping) {
  await Promise.all(
    [...waiting].map(async (server) => {
      if (await answers(server.probe)) waiting.delete(server);
    }),
  );
  if (waiting.size === 0 || stopping) break;
  if (!reminded && Date.now() - started > 120_000) {
    reminded = true;
    say([`Still waiting after ${seconds()} s for: ${[...waiting].map((server) => server.name).join(", ")} (see the output above).`]);
  }
  await sleep(1_000);
}

if (!stopping) {
  const width = Math.max(...servers.map((server) => server.name.length));
  say([
    `Ready after ${seconds()} s:`,
    ...servers.map((server) => `  ${server.name.padEnd(width)}  ${server.url}`),
    "Sign in on one app, then open the other: it knows you without a click. Ctrl-C stops everything.",
  ]);
}
