import { closeSync, mkdirSync, openSync } from "node:fs";
import { open, readdir, rm, stat, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestInfo } from "@playwright/test";

/** Playwright's output folder (`outputDir`): emptied at the start of each run, before any server starts. */
export const outputDir = fileURLToPath(new URL("test-results", import.meta.url));

/**
 * What every server the suite starts prints (the apps, the issuer, Redis, the examples, and the servers a test file
 * starts for itself) goes to a file of its own here, not to the test run's output: a failing test prints what each
 * server printed while it ran (see {@link reportServerLogs}).
 */
export const serverLogDir = join(outputDir, "servers");

/** The log file of one server, `<name>.log`; a server started again under the same name appends to it. */
export function serverLogFile(name: string): string {
  mkdirSync(serverLogDir, { recursive: true });
  return join(serverLogDir, `${name}.log`);
}

/**
 * Opens a server's log file for a child process's stdout and stderr (`stdio: ["ignore", log.fd, log.fd]`); `close`
 * once it is spawned (the child keeps its own copy).
 */
export function openServerLog(name: string): { file: string; fd: number; close: () => void } {
  const file = serverLogFile(name);
  const fd = openSync(file, "a");
  return { file, fd, close: () => closeSync(fd) };
}

/** How much of each log file the tests before this one have seen: a failing test is shown what came after. */
const seen = new Map<string, number>();

/**
 * Marks what the servers printed before this worker's tests (the suite's servers starting) as seen: a failing test
 * is shown what they printed from then on.
 */
export async function markServerLogsSeen(): Promise<void> {
  for (const path of await logFiles()) seen.set(path, (await stat(path)).size);
}

async function logFiles(): Promise<string[]> {
  const files = await readdir(serverLogDir).catch(() => []);
  return files
    .filter((file) => file.endsWith(".log"))
    .sort()
    .map((file) => join(serverLogDir, file));
}

/** At most this many lines of one server's log are printed for a failing test; the attachment has all of them. */
const PRINTED_LINES = 200;

/**
 * After each test: for a test that failed, what each server printed since the previous test ended (so including a
 * `beforeAll` that started servers), printed under the server's name and attached to the test's report (the
 * attachment in full, the printout its last lines). A test that passed prints nothing.
 */
export async function reportServerLogs(testInfo: TestInfo): Promise<void> {
  const failed = testInfo.status !== testInfo.expectedStatus;
  for (const path of await logFiles()) {
    const { size } = await stat(path);
    const from = seen.get(path) ?? 0;
    seen.set(path, size);
    if (!failed || size <= from) continue;
    const text = await readRange(path, from, size);
    const name = basename(path, ".log");
    const excerpt = testInfo.outputPath(`server-${name}.log`);
    await writeFile(excerpt, text);
    await testInfo.attach(`server log: ${name}`, { path: excerpt, contentType: "text/plain" });
    await rm(excerpt);
    const lines = text.trimEnd().split("\n");
    const shown = lines.slice(-PRINTED_LINES);
    console.log(
      [
        "",
        `┌── server ${name}: what it printed during this test (${relative(process.cwd(), path)})`,
        ...(shown.length < lines.length ? [`│ … ${lines.length - shown.length} lines before these in the file`] : []),
        ...shown.map((line) => `│ ${line}`),
        `└── end of server ${name}`,
      ].join("\n"),
    );
  }
}

async function readRange(path: string, from: number, to: number): Promise<string> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
