import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogtoConfigError } from "../config/config-error.js";
import { isLoopback } from "../config/deployment-checks.js";
import { processIsAlive } from "../util/process-alive.js";

const APP_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Stops an app whose `name` cannot name cookies and Redis keys. */
export function checkAppName(name: string): void {
  if (APP_NAME.test(name)) return;
  throw new LogtoConfigError(
    [],
    `Invalid Logto app name ${JSON.stringify(name)}: use 1 to 32 lowercase letters, digits and "-", starting with a ` +
      `letter or digit (e.g. "shop"); it names the app's cookies, so it must be unique among the apps on one host.`,
  );
}

interface NameClaim {
  origin: string;
  pid: number;
}

/**
 * Browsers keep cookies per host, not per port: two apps of one name at `http://localhost:3000` and
 * `http://localhost:3001` would take each other's sessions. Each app started on a loopback `AUTH_URL` claims its cookie
 * prefix on that host in a file under the system's temporary folder; an app that finds the claim of another running
 * process at another origin stops, naming both. A claim whose process has ended is taken over.
 *
 * @param cookiePrefix - The app's cookie prefix (`web`, or `__Host-web` under https: the two do not collide).
 * @param registry - The folder of the claims (tests give their own).
 */
export function claimAppName(
  cookiePrefix: string,
  appUrl: string,
  registry = join(tmpdir(), "logto-hf-auth-config"),
): void {
  if (!isLoopback(appUrl)) return;
  const { host, hostname, origin } = new URL(appUrl);
  const file = join(registry, `${hostname.replace(/[^a-z0-9.]/g, "_")}--${cookiePrefix}.json`);
  const claim = readClaim(file);
  if (claim && claim.pid !== process.pid && claim.origin !== origin && processIsAlive(claim.pid)) {
    throw new LogtoConfigError(
      [],
      `Another app named "${cookiePrefix.replace(/^__Host-/, "")}" is running at ${claim.origin} (process ` +
        `${claim.pid}). Browsers share cookies across the ports of ${hostname}, so this app (${host}) and that one ` +
        `would take each other's sessions: give one of them another \`name\` (LogtoNextAuth(config, { name }) or ` +
        `LogtoRemixAuth(config, { name })).`,
    );
  }
  if (claim?.pid === process.pid && claim.origin === origin) return;
  try {
    mkdirSync(registry, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ origin, pid: process.pid } satisfies NameClaim));
    renameSync(temporary, file);
  } catch {
    // A read-only temporary folder only loses the check, never the app.
  }
}

function readClaim(file: string): NameClaim | null {
  try {
    const claim = JSON.parse(readFileSync(file, "utf8")) as Partial<NameClaim>;
    return typeof claim.origin === "string" && typeof claim.pid === "number" ? (claim as NameClaim) : null;
  } catch {
    return null;
  }
}
