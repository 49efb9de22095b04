import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { waitUntilAnswering } from "@logto-hf/demo";
import { openServerLog, serverLogFile } from "./server-logs";

/**
 * Production servers of both apps that a test file starts for itself (on ports of its own), when it needs an IdP
 * it controls: one it can stop, restart or put something in front of. Each one's output goes to its log file,
 * `<app>-<port>.log` (see `server-logs.ts`), named in `logs`.
 */
export async function startOwnApps(
  env: Record<string, string>,
  urls: { web: string; remix: string },
  revocationDir: string,
) {
  const apps = (["web", "remix"] as const).map((app) => {
    const log = openServerLog(`${app}-${new URL(urls[app]).port}`);
    const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
      env: { ...process.env, ...env, AUTH_REVOCATION_FILE: `${revocationDir}/${app}.json` },
      stdio: ["ignore", log.fd, log.fd],
      detached: true,
    });
    log.close();
    return { child, file: log.file };
  });
  await Promise.all([urls.web, urls.remix].map((url) => waitUntilAnswering(`${url}/`, { timeoutMs: 60_000 })));
  return { web: apps[0]!.child, remix: apps[1]!.child, logs: { web: apps[0]!.file, remix: apps[1]!.file } };
}

/**
 * Starts one app that is expected to refuse to run: resolves with its exit code (`null` if it is still running after
 * `timeoutMs`, then killed) and everything it printed, which goes to its log file too (`<app>-<port>.log`, the port
 * it was given).
 */
export async function startExpectingExit(
  app: "web" | "remix",
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
) {
  const port = env[app === "web" ? "WEB_PORT" : "REMIX_PORT"];
  const logFile = serverLogFile(port ? `${app}-${port}` : app);
  const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(logFile, chunk);
    });
  }
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
      resolve(null);
    }, timeoutMs);
    child.on("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output };
}

/** Stops a server started by {@link startOwnApps} with its process group; a server already stopped is fine. */
export function stopOwnApp(app: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  try {
    if (app.pid) process.kill(-app.pid, signal);
  } catch {
    // already stopped
  }
}
