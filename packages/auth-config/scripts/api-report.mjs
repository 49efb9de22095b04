// The public API of every entry in package.json `exports`, as api-extractor's report: api/<entry>.api.md ("." is index).
// `pnpm --filter @logto-hf/auth-config api:update` after a change to the public API (build first), then commit api/.
// `node scripts/api-report.mjs --check` (the default; `test` runs it) fails when a report differs, is missing or is stale.
// It reads the built .d.ts in dist/: `pnpm --filter @logto-hf/auth-config build` first (turbo's `test` does it).
// Entries come from `exports` alone: a new subpath gets its report on the next `api:update`, a removed one loses it.

import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const UPDATE_COMMAND = "pnpm --filter @logto-hf/auth-config api:update";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packageJsonPath = join(packageDir, "package.json");
const reportDir = join(packageDir, "api");

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== "--check" && arg !== "--update");
if (unknown.length > 0 || args.length > 1) {
  console.error("usage: node scripts/api-report.mjs [--check | --update]");
  process.exit(2);
}
const update = args[0] === "--update";

/** The declaration file of one `exports` target: its `types` condition, or the `.d.ts` beside a `.js` target. */
function typesOf(target) {
  if (typeof target === "string") {
    if (target.endsWith(".d.ts")) return target;
    if (target.endsWith(".js")) return target.replace(/\.js$/, ".d.ts");
    return undefined;
  }
  if (target === null || typeof target !== "object") return undefined;
  if (Array.isArray(target)) return target.map(typesOf).find(Boolean);
  if (typeof target.types === "string") return target.types;
  for (const condition of ["import", "node", "default"]) {
    const found = typesOf(target[condition]);
    if (found) return found;
  }
  return undefined;
}

/** `.` → `index`, `./next-auth` → `next-auth`, `./stores/redis` → `stores-redis`. */
function reportNameOf(subpath) {
  return subpath === "." ? "index" : subpath.replace(/^\.\//, "").replaceAll("/", "-");
}

function fail(message) {
  console.error(`api-report: ${message}`);
  process.exit(1);
}

const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8"));
const exportsField =
  typeof packageJson.exports === "string" ? { ".": packageJson.exports } : (packageJson.exports ?? {});
const entries = [];
for (const [subpath, target] of Object.entries(exportsField)) {
  if (subpath === "./package.json") continue;
  if (subpath.includes("*"))
    fail(`exports["${subpath}"] is a subpath pattern; list its entries one by one to give each an API report.`);
  const types = typesOf(target);
  if (!types) fail(`exports["${subpath}"] names no declaration file (a "types" condition or a .js target).`);
  const dtsPath = resolve(packageDir, types);
  if (!existsSync(dtsPath)) {
    fail(
      `exports["${subpath}"] points to ${types}, which does not exist: build first (pnpm --filter @logto-hf/auth-config build).`,
    );
  }
  const name = reportNameOf(subpath);
  const clash = entries.find((entry) => entry.name === name);
  if (clash) fail(`exports["${subpath}"] and exports["${clash.subpath}"] would share the report api/${name}.api.md.`);
  entries.push({ subpath, name, dtsPath });
}
if (entries.length === 0) fail("package.json `exports` lists no entry.");

const workDir = mkdtempSync(join(tmpdir(), "api-report-"));
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));

/** Only the API report: no doc model, no rolled-up .d.ts, no tsdoc-metadata.json. */
function configFor(entry) {
  return {
    projectFolder: packageDir,
    mainEntryPointFilePath: entry.dtsPath,
    bundledPackages: [],
    newlineKind: "lf",
    enumMemberOrder: "preserve",
    // The package's own tsconfig: its module resolution and the `paths` that give tsc the Next.js subpaths' types.
    compiler: { tsconfigFilePath: join(packageDir, "tsconfig.json") },
    apiReport: {
      enabled: true,
      reportFileName: `${entry.name}.api.md`,
      // Both in a scratch folder: this script, not api-extractor, compares with and writes to api/.
      reportFolder: workDir,
      reportTempFolder: workDir,
      includeForgottenExports: false,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: "warning" } },
      extractorMessageReporting: {
        default: { logLevel: "warning" },
        // The package does not use release tags (@public, @beta): every export is public.
        "ae-missing-release-tag": { logLevel: "none" },
        // A type reachable from the API but not exported: shown in the report, where a reviewer sees it.
        "ae-forgotten-export": { logLevel: "warning", addToApiReportFile: true },
        "ae-undocumented": { logLevel: "none" },
        "ae-wrong-input-file-type": { logLevel: "error" },
        // The report holds no doc comments: their links and syntax (JSDoc's `@default`, not TSDoc's) are not checked here.
        "ae-unresolved-link": { logLevel: "none" },
      },
      tsdocMessageReporting: { default: { logLevel: "none" } },
    },
  };
}

/** The change, as `git diff` shows it (the first 60 lines), so that a CI log says what moved. */
function printDiff(committedPath, actualPath) {
  const diff = spawnSync("git", ["diff", "--no-index", "--no-color", "--", committedPath, actualPath], {
    encoding: "utf8",
  });
  if (diff.error || !diff.stdout) return;
  const lines = diff.stdout.split("\n").slice(4);
  console.error(lines.slice(0, 60).join("\n") + (lines.length > 60 ? `\n… ${lines.length - 60} more lines` : ""));
}

const configs = entries.map((entry) =>
  ExtractorConfig.prepare({ configObject: configFor(entry), packageJsonFullPath: packageJsonPath }),
);
// One TypeScript program for all the entries.
const compilerState = CompilerState.create(configs[0], {
  additionalEntryPoints: entries.map((entry) => entry.dtsPath),
});

const problems = [];
function problem(message) {
  problems.push(message);
  console.error(`api-report: ${message}`);
}
if (update) mkdirSync(reportDir, { recursive: true });
for (const [index, entry] of entries.entries()) {
  const result = Extractor.invoke(configs[index], {
    localBuild: true,
    compilerState,
    messageCallback(message) {
      // api-extractor's progress lines (the bundled TypeScript version, "Analysis will use…"): noise here.
      if (message.logLevel === ExtractorLogLevel.Info || message.logLevel === ExtractorLogLevel.Verbose)
        message.handled = true;
    },
  });
  if (!result.succeeded)
    fail(`exports["${entry.subpath}"]: api-extractor reported ${result.errorCount} error(s) (above).`);

  const actual = readFileSync(join(workDir, `${entry.name}.api.md`), "utf8");
  const reportPath = join(reportDir, `${entry.name}.api.md`);
  const committed = existsSync(reportPath) ? readFileSync(reportPath, "utf8").replaceAll("\r\n", "\n") : undefined;
  if (committed === actual) continue;
  if (update) {
    writeFileSync(reportPath, actual);
    console.log(
      `api-report: ${committed === undefined ? "created" : "updated"} ${relative(packageDir, reportPath)} (exports["${entry.subpath}"])`,
    );
  } else if (committed === undefined) {
    problem(`exports["${entry.subpath}"] has no API report: api/${entry.name}.api.md is missing.`);
  } else {
    problem(
      `the public API of exports["${entry.subpath}"] changed: api/${entry.name}.api.md differs from the built dist/.`,
    );
    printDiff(reportPath, join(workDir, `${entry.name}.api.md`));
  }
}

const expected = new Set(entries.map((entry) => `${entry.name}.api.md`));
const stale = existsSync(reportDir)
  ? readdirSync(reportDir).filter((file) => file.endsWith(".api.md") && !expected.has(file))
  : [];
for (const file of stale) {
  if (update) {
    unlinkSync(join(reportDir, file));
    console.log(`api-report: removed api/${file} (its entry is no longer in package.json exports)`);
  } else {
    problem(`api/${file} is the report of an entry that package.json exports no longer lists.`);
  }
}

if (problems.length > 0) {
  console.error(
    `api-report: ${problems.length} report(s) out of date. If the change is intended, run \`${UPDATE_COMMAND}\` and commit packages/auth-config/api/.`,
  );
  process.exit(1);
}
if (!update)
  console.log(
    `api-report: ${entries.length} API report(s) up to date (${entries.map((entry) => entry.subpath).join(", ")})`,
  );
