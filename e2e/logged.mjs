/**
 * Runs one of the suite's servers (playwright.config.ts's `webServer`) with its output in a file (see
 * `server-logs.ts`) instead of the test run's output. If the server stops by itself (it could not start, or it
 * crashed), the end of what it printed goes to stderr, which Playwright shows.
 *
 * Usage: node logged.mjs <log file> <command> [argument…]
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

const [logFile, command, ...args] = process.argv.slice(2);
if (!logFile || !command) {
  console.error("usage: node logged.mjs <log file> <command> [argument…]");
  process.exit(2);
}

mkdirSync(dirname(logFile), { recursive: true });
const log = openSync(logFile, "a");
const server = spawn(command, args, { stdio: ["ignore", log, log] });
closeSync(log);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
server.on("exit", (code, signal) => {
  if (!stopping) {
    const lines = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-60);
    console.error(
      [
        `${[command, ...args].join(" ")} stopped (${signal ?? `exit code ${code}`}); the end of its output (${logFile}):`,
        ...lines,
      ].join("\n"),
    );
  }
  process.exit(code ?? 1);
});
