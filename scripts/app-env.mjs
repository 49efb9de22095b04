// What each app reads from its own .env files, so that the tooling that starts it (its dev and start scripts,
// `pnpm dev`, `pnpm start`) finds the port and issuer the app itself will see. The shell wins over the files, as
// with dotenv.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { demoPort } from "@logto-hf/demo";

const repo = join(import.meta.dirname, "..");

/** Where the two apps are. */
const appDirs = { web: join(repo, "apps/web"), remix: join(repo, "apps/remix") };

/**
 * The files an app loads, the one that wins first: Next.js's order for web (`development` files under `next dev`,
 * `production` ones under `next start`; turbo passes no NODE_ENV=test on), app/env.server.ts's `.env` for remix.
 */
function envFiles(app, task) {
  if (app === "remix") return [".env"];
  const mode = task === "dev" ? "development" : "production";
  return [`.env.${mode}.local`, ".env.local", `.env.${mode}`, ".env"];
}

/** The environment `app` runs with under `task` ("dev" or "start"): its .env files under the shell's variables. */
export function appEnv(app, task, dir = appDirs[app]) {
  const fromFiles = {};
  for (const file of envFiles(app, task).reverse()) {
    const path = join(dir, file);
    if (existsSync(path)) Object.assign(fromFiles, parseEnv(readFileSync(path, "utf8")));
  }
  return { ...fromFiles, ...process.env };
}

/** The port `app` listens on under `task`; throws naming the variable when it is not a port number. */
export function appPort(app, task, dir) {
  return demoPort(appEnv(app, task, dir), app);
}
