import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");

export interface Ports {
  web: number;
  idp: number;
  remix: number;
}

export const urlsFor = (ports: Ports) => ({
  web: `http://localhost:${ports.web}`,
  remix: `http://localhost:${ports.remix}`,
  issuer: `http://localhost:${ports.idp}/oidc`,
});

/** Starts the production builds of idp, web and remix (built beforehand) and waits until all three answer. */
export async function startServers(ports: Ports, dataDir: string): Promise<{ stop(): void }> {
  const urls = urlsFor(ports);
  const env = {
    ...process.env,
    NODE_ENV: "production",
    WEB_PORT: String(ports.web),
    REMIX_PORT: String(ports.remix),
    IDP_PORT: String(ports.idp),
    IDP_DATA_DIR: join(dataDir, "idp"),
  };
  const start = (app: string, extra: Record<string, string> = {}): ChildProcess =>
    spawn("pnpm", ["--dir", join(repo, "apps", app), "start"], { env: { ...env, ...extra }, stdio: "ignore", detached: true });
  const servers = [
    start("idp"),
    start("web", { AUTH_REVOCATION_FILE: join(dataDir, "web.json") }),
    start("remix", { AUTH_REVOCATION_FILE: join(dataDir, "remix.json") }),
  ];
  const stop = () => {
    for (const server of servers) if (server.pid) process.kill(-server.pid, "SIGTERM");
  };
  try {
    for (const url of [`${urls.issuer}/.well-known/openid-configuration`, `${urls.web}/api/auth/providers`, `${urls.remix}/auth/sign-out`]) {
      const deadline = Date.now() + 60_000;
      while (!(await fetch(url, { redirect: "manual" }).then(() => true, () => false))) {
        if (Date.now() > deadline) throw new Error(`${url} did not answer within 60 s`);
        await new Promise((done) => setTimeout(done, 250));
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { stop };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};
