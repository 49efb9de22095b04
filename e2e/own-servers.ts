import { type ChildProcess, spawn } from "node:child_process";
import { waitUntilAnswering } from "@logto-hf/demo";

/**
 * Production servers of both apps that a test file starts for itself (on ports of its own), when it needs an IdP
 * it controls: one it can stop, restart or put something in front of.
 */
export async function startOwnApps(
  env: Record<string, string>,
  urls: { web: string; remix: string },
  revocationDir: string,
  /** Given, receives everything each server prints. */
  onOutput?: (app: "web" | "remix", text: string) => void,
) {
  const apps = (["web", "remix"] as const).map((app) => {
    const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
      env: { ...process.env, ...env, AUTH_REVOCATION_FILE: `${revocationDir}/${app}.json` },
      stdio: onOutput ? ["ignore", "pipe", "pipe"] : "ignore",
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk: Buffer) => onOutput?.(app, `${chunk}`));
    return child;
  });
  await Promise.all([urls.web, urls.remix].map((url) => waitUntilAnswering(`${url}/`, { timeoutMs: 60_000 })));
  return { web: apps[0]!, remix: apps[1]! };
}

/**
 * Starts one app that is expected to refuse to run: resolves with its exit code (`null` if it is still running after
 * `timeoutMs`, then killed) and everything it printed.
 */
export async function startExpectingExit(
  app: "web" | "remix",
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
) {
  const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
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
