// The apps in examples/ as a new user has them: each copied out of the repository, given the package packed from
// packages/auth-config (not a workspace link), installed, built with its framework's own build, and started with its
// own start script. A copy is rebuilt only when the example or the package changed.
//
//   node examples.mjs prepare [name…]   install and build (all examples by default)
//   node examples.mjs start <name>      prepare, then start it on $PORT (the e2e suite's webServer)
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesSource = join(root, "examples");
const packageDir = join(root, "packages/auth-config");
// One folder per checkout: a clone or worktree elsewhere never rebuilds the copies this one's servers run from.
const workDir =
  process.env.E2E_EXAMPLES_DIR ||
  join(tmpdir(), `logto-hf-examples-${createHash("sha256").update(root).digest("hex").slice(0, 8)}`);

/** How each example is started: its own start script, on loopback. */
const START = {
  "next-app": { args: ["start", "-H", "127.0.0.1"], env: {} },
  "react-router-app": { args: ["start"], env: { HOST: "127.0.0.1" } },
};

/**
 * What `next build` needs to load the app's modules (as `.env.local` gives it on a developer's machine); the servers
 * read their own values when they start.
 */
const BUILD_ENV = {
  AUTH_LOGTO_ISSUER: "http://localhost:3001/oidc",
  AUTH_LOGTO_ID: "build",
  AUTH_LOGTO_SECRET: "build",
  AUTH_SECRET: "a-build-time-secret-of-at-least-32-characters",
  AUTH_URL: "http://localhost:3000",
  PORT: "",
};

const [command, ...names] = process.argv.slice(2);
if (command === "prepare") {
  const tarball = await packPackage();
  for (const name of names.length > 0 ? names : Object.keys(START)) await prepare(name, tarball);
} else if (command === "start" && names.length === 1 && names[0] in START) {
  const [name] = names;
  const dir = await prepare(name, await packPackage());
  const { args, env } = START[name];
  const server = spawn("pnpm", args, { cwd: dir, stdio: "inherit", env: { ...process.env, ...env } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.error(`usage: node examples.mjs prepare [name…] | start <${Object.keys(START).join("|")}>`);
  process.exit(2);
}

/** The package as npm would publish it (`pnpm pack`), once per run of this script; its path. */
async function packPackage() {
  const packDir = join(workDir, "pack");
  await withLock(`${packDir}.lock-dir`, async () => {
    rmSync(join(packDir, "current"), { recursive: true, force: true });
    mkdirSync(join(packDir, "current"), { recursive: true });
    await run("pnpm", ["pack", "--pack-destination", join(packDir, "current")], packageDir, join(packDir, "pack.log"));
  });
  const [file] = readdirSync(join(packDir, "current")).filter((each) => each.endsWith(".tgz"));
  if (!file) throw new Error(`pnpm pack left no tarball in ${join(packDir, "current")}`);
  // Kept under its content's hash: an install of an unchanged package is not redone.
  const tarball = join(packDir, `auth-config-${hashOf([join(packDir, "current", file)]).slice(0, 16)}.tgz`);
  if (!existsSync(tarball)) cpSync(join(packDir, "current", file), tarball);
  return tarball;
}

/** The example copied to the work folder with the packed package, installed and built; its folder. */
async function prepare(name, tarball) {
  const source = join(examplesSource, name);
  const dir = join(workDir, name);
  const files = listFiles(source);
  const stamp = `${hashOf([...files, fileURLToPath(import.meta.url)])} ${hashOf([tarball])}`;
  const stampFile = join(dir, ".e2e-prepared");
  await withLock(`${dir}.lock-dir`, async () => {
    if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
    const log = join(workDir, `${name}.log`);
    writeFileSync(log, "");
    rmSync(dir, { recursive: true, force: true });
    cpSync(source, dir, { recursive: true, filter: (path) => !/[/\\](node_modules|\.next|build|\.data)$/.test(path) });
    const packageJson = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    packageJson.dependencies["@logto-hf/auth-config"] = `file:${tarball}`;
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
    await run("pnpm", ["install", "--prefer-offline", "--config.confirmModulesPurge=false"], dir, log);
    await withGoogleFontsStandIn((env) => run("pnpm", ["run", "build"], dir, log, { ...BUILD_ENV, ...env }));
    // `next build` typechecks; a React Router build does not, its scaffold's own script does.
    if (packageJson.scripts.typecheck) await run("pnpm", ["run", "typecheck"], dir, log);
    writeFileSync(stampFile, stamp);
  });
  return dir;
}

/**
 * create-next-app's layout loads its fonts from Google Fonts at build time, which this closed network cannot reach:
 * Next.js's own test hook (`NEXT_FONT_GOOGLE_MOCKED_RESPONSES`) answers the stylesheet, pointing at a placeholder
 * font served here on loopback for the length of the build. Only the fonts' bytes differ from an online build.
 */
async function withGoogleFontsStandIn(build) {
  const font = Buffer.alloc(1024, 0);
  const server = createServer((_request, response) =>
    response.writeHead(200, { "content-type": "font/woff2" }).end(font),
  );
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fontUrl = `http://127.0.0.1:${server.address().port}/font.woff2`;
  const mocks = join(workDir, "google-fonts-stand-in.cjs");
  const face = (family) =>
    `@font-face { font-family: '${family}'; font-style: normal; font-weight: 100 900; font-display: swap; ` +
    `src: url(${fontUrl}) format('woff2'); }`;
  // The stylesheets create-next-app's layout asks for (Turbopack looks each URL up as a key).
  const stylesheets = Object.fromEntries(
    ["Geist", "Geist Mono"].map((family) => [
      `https://fonts.googleapis.com/css2?family=${family.replaceAll(" ", "+")}:wght@100..900&display=swap`,
      face(family),
    ]),
  );
  writeFileSync(mocks, `module.exports = ${JSON.stringify(stylesheets, null, 2)};\n`);
  try {
    await build({ NEXT_FONT_GOOGLE_MOCKED_RESPONSES: mocks, NEXT_TELEMETRY_DISABLED: "1" });
  } finally {
    server.close();
  }
}

/** Every file of an example (not its install or build output), sorted. */
function listFiles(dir) {
  const skip = new Set(["node_modules", ".next", "build", ".data", ".react-router"]);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skip.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

function hashOf(files) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/** Runs `command`, its output to `log`; on failure, throws with the log's end. */
function run(command, args, cwd, log, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: "true", ...env }, stdio: "pipe" });
    const output = [];
    for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const text = Buffer.concat(output).toString();
      writeFileSync(log, text, { flag: "a" });
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} in ${cwd} failed (${code}):\n${text.slice(-4000)}`));
    });
  });
}

/** Runs `task` holding a lock folder, so that two runs (package tests and e2e) never prepare one copy at once. */
async function withLock(lockDir, task) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const owner = join(lockDir, "pid");
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      break;
    } catch {
      if (!isAlive(Number(readOr(owner, "0"))) && Date.now() - statSync(lockDir).mtimeMs > 2_000) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readOr(file, fallback) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
