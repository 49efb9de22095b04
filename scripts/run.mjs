// `pnpm dev` and `pnpm start`: turbo's dev or start task over web, remix and, while an app signs in through it,
// apps/idp; with `--with <folder>`, your own apps' dev servers beside them; prints their URLs once all answer, and
// passes Ctrl-C (or any stop signal) on to turbo, which stops every server.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { demoPort, waitUntilAnswering } from "@logto-hf/demo";
import { appEnv, appPort } from "./app-env.mjs";
import { extraApps } from "./extra-apps.mjs";

const [task, ...args] = process.argv.slice(2);
if (task !== "dev" && task !== "start") {
  console.error("usage: node scripts/run.mjs dev|start [--with <app folder>]… [turbo options]");
  process.exit(2);
}
let extras;
let turboArgs;
try {
  ({ extras, rest: turboArgs } = extraApps(task, args));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

// Each app's port and issuer, from the shell or from its .env files: the other servers must agree on the ports (the
// idp registers the apps' redirect URIs, each app links to the other), and the idp runs only if an app uses it.
const env = { web: appEnv("web", task), remix: appEnv("remix", task) };
let webPort;
let remixPort;
let idpPort;
try {
  webPort = appPort("web", task);
  remixPort = appPort("remix", task);
  idpPort = demoPort(process.env, "idp");
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const issuers = [...new Set([env.web, env.remix].map((app) => app.AUTH_LOGTO_ISSUER?.trim()).filter(Boolean))];
const usesIdp = [env.web, env.remix].some((app) => !app.AUTH_LOGTO_ISSUER?.trim());

/** Where to open an app: its AUTH_URL when set (behind a proxy, the public URL), else where it listens. */
const appServer = (name, app, port) => ({
  name,
  url: app.AUTH_URL?.trim() || `http://localhost:${port}`,
  probe: `http://localhost:${port}/`,
});
const servers = [
  appServer("web (Next.js)", env.web, webPort),
  appServer("remix", env.remix, remixPort),
  ...extras.map((extra) => ({ name: extra.name, url: extra.url, probe: extra.url })),
];
if (usesIdp) {
  servers.push({
    name: "idp (issuer)",
    url: `http://localhost:${idpPort}/oidc`,
    probe: `http://localhost:${idpPort}/oidc/.well-known/openid-configuration`,
  });
}
const filters = ["./apps/web", "./apps/remix", ...(usesIdp ? ["./apps/idp"] : [])].map(
  (folder) => `--filter=${folder}`,
);

const say = (lines) => console.log(`\n${lines.map((line) => `  ${line}`).join("\n")}\n`);

const turboEnv = {
  ...process.env,
  TURBO_PRINT_VERSION_DISABLED: "1",
  // pnpm's "> package script" banner for each server, and its own failure lines (turbo reports a failed task).
  npm_config_reporter: "silent",
  WEB_PORT: String(webPort),
  REMIX_PORT: String(remixPort),
};

// What the servers run is built first (`pnpm start`: the apps; `pnpm dev`: the packages they import), with its output
// kept back unless the build fails: from turbo's cache it takes a second, and a first build says that it is building.
const buildTargets = filters.map((filter) =>
  task === "start" ? filter : `${filter.replace("--filter=", "--filter={")}}^...`,
);
const build = spawn("turbo", ["run", "build", ...buildTargets, "--output-logs=new-only", ...turboArgs], {
  stdio: ["ignore", "pipe", "pipe"],
  env: turboEnv,
});
const buildLog = [];
build.stdout.on("data", (chunk) => buildLog.push(chunk));
build.stderr.on("data", (chunk) => buildLog.push(chunk));
const slowBuild = setTimeout(() => say(["Building: a first run on a fresh clone takes a minute or two."]), 3_000);
const stopBuild = (signal) => build.kill(signal);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stopBuild);
const [buildCode, buildSignal] = await new Promise((resolve) =>
  build.on("exit", (code, signal) => resolve([code, signal])),
);
clearTimeout(slowBuild);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.off(signal, stopBuild);
if (buildSignal) process.exit(0);
if (buildCode !== 0) {
  process.stderr.write(Buffer.concat(buildLog));
  console.error(`\nThe build failed (exit code ${buildCode}): see above. Nothing was started.`);
  process.exit(buildCode ?? 1);
}

const turbo = spawn("turbo", ["run", task, ...filters, "--only", ...turboArgs], { stdio: "inherit", env: turboEnv });

// Your own apps, each with its own package manager's dev script on the port of its AUTH_URL.
const extraServers = extras.map((extra) =>
  spawn(extra.command, extra.args, { cwd: extra.dir, stdio: "inherit", env: { ...process.env, PORT: extra.port } }),
);
const stopExtras = (signal) => {
  for (const server of extraServers) if (server.exitCode === null && server.signalCode === null) server.kill(signal);
};

// Aborted once the servers stop: the wait for them ends there.
const stopping = new AbortController();
let stopSignal;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopSignal ??= signal;
    stopping.abort();
    stopExtras(signal);
    // A terminal's Ctrl-C reaches turbo directly (same process group): it is not sent a second time from here.
    if (turbo.exitCode === null && turbo.signalCode === null && !(signal === "SIGINT" && process.stdin.isTTY))
      turbo.kill(signal);
  });
}
// Stopped as asked (Ctrl-C): a clean exit, which pnpm does not report as a failed script. A server that failed to stop,
// or turbo ending on its own, keeps its exit status.
turbo.on("exit", (code, signal) => {
  stopping.abort();
  stopExtras("SIGTERM");
  const stoppedAsAsked = stopSignal !== undefined && (code === 0 || signal === stopSignal);
  process.exit(stoppedAsAsked ? 0 : (code ?? 128 + (signal ? constants.signals[signal] : 0)));
});
turbo.on("error", (error) => {
  console.error(`Could not start turbo: ${error.message}`);
  process.exit(1);
});

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);
const names = servers.map((server) => server.name.split(" ")[0]);
const listed = `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

say([
  `Starting ${listed}${usesIdp ? "" : ` (signing in through ${issuers.join(" and ")}: apps/idp is not started)`}. ` +
    "Their URLs are printed here once all answer.",
  ...(task === "dev"
    ? [
        "The first run on a fresh clone compiles the Next.js app on its first request: " +
          "expect a minute or two; later runs take seconds.",
      ]
    : []),
]);

// The apps answer `/` without a session, the idp its discovery; no time limit: a first Next.js compilation can be slow.
const waiting = new Set(servers);
const reminder = setTimeout(() => {
  say([
    `Still waiting after ${seconds()} s for: ${[...waiting].map((server) => server.name).join(", ")} ` +
      "(see the output above).",
  ]);
}, 120_000);
const answered = await Promise.all(
  servers.map((server) =>
    waitUntilAnswering(server.probe, {
      timeoutMs: Number.POSITIVE_INFINITY,
      intervalMs: 1_000,
      signal: stopping.signal,
    }).then(
      () => waiting.delete(server),
      () => false,
    ),
  ),
);
clearTimeout(reminder);

if (answered.every(Boolean)) {
  const rows = [
    ...servers.map((server) => [server.name, server.url]),
    ...(usesIdp ? [] : issuers.map((issuer) => ["issuer (Logto)", issuer])),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  say([
    `Ready after ${seconds()} s:`,
    ...rows.map(([name, url]) => `  ${name.padEnd(width)}  ${url}`),
    "Sign in on one app, then open the other: it knows you without a click. Ctrl-C stops everything.",
  ]);
}
