import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { waitUntilAnswering } from "@logto-hf/demo";
import { defaultClients, type IdpClient } from "@logto-hf/dev-idp";

const repo = resolve(import.meta.dirname, "..");

export interface Ports {
  web: number;
  idp: number;
  remix: number;
}

/** The servers `pnpm bench` adds: the Logto SDK peers. */
export interface ComparisonPorts {
  peerNext: number;
  peerRemix: number;
}

export const urlsFor = (ports: Ports) => ({
  web: `http://localhost:${ports.web}`,
  remix: `http://localhost:${ports.remix}`,
  issuer: `http://localhost:${ports.idp}/oidc`,
});

/** The peers' Logto applications, registered with apps/idp as they would be in the Logto Console. */
function peerClients(ports: ComparisonPorts): IdpClient[] {
  const next = `http://localhost:${ports.peerNext}`;
  const remix = `http://localhost:${ports.peerRemix}`;
  return [
    {
      clientId: "peer-next",
      clientSecret: "dev-peer-next-secret",
      name: "Peer (@logto/next)",
      redirectUris: [`${next}/callback`],
      postLogoutRedirectUris: [`${next}/`],
    },
    {
      clientId: "peer-remix",
      clientSecret: "dev-peer-remix-secret",
      name: "Peer (@logto/remix)",
      redirectUris: [`${remix}/api/logto/callback`],
      postLogoutRedirectUris: [`${remix}/`],
    },
  ];
}

/**
 * Starts the production builds (built beforehand) of idp, web and remix, and with `comparison` also the peers;
 * waits until every server answers.
 */
export async function startServers(
  ports: Ports,
  dataDir: string,
  comparison?: ComparisonPorts,
): Promise<{ stop(): void }> {
  const urls = urlsFor(ports);
  const env = {
    ...process.env,
    NODE_ENV: "production",
    WEB_PORT: String(ports.web),
    REMIX_PORT: String(ports.remix),
    IDP_PORT: String(ports.idp),
    IDP_DATA_DIR: join(dataDir, "idp"),
  };
  const start = (dir: string, extra: Record<string, string> = {}): ChildProcess =>
    spawn("pnpm", ["--dir", join(repo, dir), "start"], { env: { ...env, ...extra }, stdio: "ignore", detached: true });
  const clients = [...defaultClients(env), ...(comparison ? peerClients(comparison) : [])];
  const servers = [
    start("apps/idp", { IDP_CLIENTS: JSON.stringify(clients) }),
    start("apps/web", { AUTH_REVOCATION_FILE: join(dataDir, "web.json") }),
    start("apps/remix", { AUTH_REVOCATION_FILE: join(dataDir, "remix.json") }),
  ];
  const ready = [
    `${urls.issuer}/.well-known/openid-configuration`,
    `${urls.web}/api/auth/providers`,
    `${urls.remix}/auth/sign-out`,
  ];
  if (comparison) {
    const logto = { LOGTO_ENDPOINT: `http://localhost:${ports.idp}` };
    servers.push(
      start("bench/peers/next", { ...logto, PEER_NEXT_PORT: String(comparison.peerNext) }),
      start("bench/peers/remix", { ...logto, PEER_REMIX_PORT: String(comparison.peerRemix) }),
    );
    ready.push(...[comparison.peerNext, comparison.peerRemix].map((port) => `http://localhost:${port}/`));
  }
  const stop = () => {
    for (const server of servers) {
      try {
        if (server.pid) process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  // A server that exited (a port already taken, say) must not leave the bench talking to someone else's.
  const exited = new AbortController();
  for (const server of servers) {
    server.on("exit", (code) => exited.abort(new Error(`${server.spawnargs.join(" ")} exited with ${code}`)));
  }
  try {
    await Promise.all(ready.map((url) => waitUntilAnswering(url, { timeoutMs: 60_000, signal: exited.signal })));
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
