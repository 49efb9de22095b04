// What each app reads from its own .env files, so that the tooling that starts it (its dev and start scripts,
// `pnpm dev`, `pnpm start`) finds the port and issuer the app itself will see. The shell wins over the files, as
// with dotenv.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

const repo = join(import.meta.dirname, "..");

/** The two apps: where they are, the variable that sets their port and its default. */
export const apps = {
  web: { dir: join(repo, "apps/web"), portVariable: "WEB_PORT", defaultPort: 3000 },
  remix: { dir: join(repo, "apps/remix"), portVariable: "REMIX_PORT", defaultPort: 3002 },
};

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
export function appEnv(app, task, dir = apps[app].dir) {
  const fromFiles = {};
  for (const file of envFiles(app, task).reverse()) {
    const path = join(dir, file);
    if (existsSync(path)) Object.assign(fromFiles, parseEnv(readFileSync(path, "utf8")));
  }
  return { ...fromFiles, ...process.env };
}

/** The port `app` listens on under `task`; throws naming the variable when it is not a port number. */
export function appPort(app, task, dir) {
  const { portVariable, defaultPort } = apps[app];
  const value = appEnv(app, task, dir)[portVariable]?.trim() || String(defaultPort);
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new Error(`${portVariable} must be a port number (1 to 65535), got "${value}"`);
  return port;
}
