// `pnpm dev --with <folder>`: your own app (see "Add your own app to the demo" in the README) run beside the demo's,
// by its own package manager's `dev` script, on the port of the AUTH_URL in its .env files.
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseEnv } from "node:util";

/** The `--with <folder>` options of `args` as apps to start, and the other arguments (turbo's). */
export function extraApps(task, args) {
  const extras = [];
  const rest = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] !== "--with") {
      rest.push(args[index]);
      continue;
    }
    const folder = args[index + 1];
    if (!folder) throw new Error("--with needs the folder of an app, e.g. pnpm dev --with ../shop");
    if (task !== "dev") throw new Error("--with runs an app's dev server: use it with pnpm dev");
    extras.push(extraApp(resolve(folder)));
    index += 1;
  }
  return { extras, rest };
}

function extraApp(dir) {
  if (!existsSync(join(dir, "package.json"))) throw new Error(`--with ${dir}: no package.json there`);
  const env = {};
  for (const file of [".env", ".env.development", ".env.local", ".env.development.local"]) {
    if (existsSync(join(dir, file))) Object.assign(env, parseEnv(readFileSync(join(dir, file), "utf8")));
  }
  if (!env.AUTH_URL) throw new Error(`--with ${dir}: set AUTH_URL (e.g. http://localhost:3005) in its .env.local`);
  const url = new URL(env.AUTH_URL);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const manager = existsSync(join(dir, "pnpm-lock.yaml"))
    ? "pnpm"
    : existsSync(join(dir, "yarn.lock"))
      ? "yarn"
      : "npm";
  // next dev and react-router dev (Vite) both take --port; npm passes it on after `--`.
  const args = manager === "npm" ? ["run", "dev", "--", "--port", port] : ["run", "dev", "--port", port];
  return { name: basename(dir), dir, url: url.origin, port, command: manager, args };
}
