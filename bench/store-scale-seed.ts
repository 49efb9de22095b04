/**
 * What `bench/store-scale.ts` and its child share: the revoked sessions it seeds, in each store's own format (the
 * file's JSON, documented in packages/auth-config/src/stores/file-format.ts; the Redis keys of the package README's
 * "Several instances" table), and a throw-away `redis-server`.
 */
import { type ChildProcess, spawn } from "node:child_process";

export const MIB = 1024 * 1024;
/** How long the seeded revocations last: the default revocation TTL, 30 days. */
const TTL = 30 * 24 * 60 * 60;

/** What the parent tells a child to measure. */
export interface ChildArgs {
  kind: "file" | "redis";
  n: number;
  /** Batches of 10 `isRevoked` calls timed, per case (hit, miss). */
  batches: number;
  file?: string;
  redisUrl?: string;
  keyPrefix?: string;
  /** The Redis store's local journal (of what Redis has not taken yet). */
  journal?: string;
}

/** The i-th seeded Logto session ID: 21 characters, as Logto's. */
export const sidOf = (i: number) => `s${i.toString(36).padStart(20, "0")}`;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

function fileWith(n: number, expiresAt: (i: number) => number): string {
  const sessions = Array.from({ length: n }, (_, i) => `"${sidOf(i)}":${expiresAt(i)}`).join(",");
  return `{"version":1,"sessions":{${sessions}},"subjects":{},"jtis":{}}\n`;
}

/** A revocation file with `n` revoked sessions, expiring spread over the next 30 days as steady logouts would. */
export const liveFile = (n: number) => fileWith(n, (i) => nowSeconds() + 60 + Math.floor((i / n) * TTL));

/** A revocation file with `n` revoked sessions that have all expired. */
export const expiredFile = (n: number) => fileWith(n, (i) => nowSeconds() - 1 - (i % 1000));

const resp = (...parts: string[]) =>
  `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join("")}`;

/** Runs `redis-cli -p port ...args`, optionally fed `input`, and gives its output. */
export function redisCli(port: number, args: string[], input?: (write: (text: string) => boolean) => void) {
  return new Promise<string>((resolve, reject) => {
    const cli = spawn("redis-cli", ["-p", String(port), ...args], { stdio: ["pipe", "pipe", "inherit"] });
    let output = "";
    cli.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    cli.on("error", reject);
    cli.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`redis-cli ${args[0]}: ${code}`))));
    input?.((text) => cli.stdin.write(text));
    cli.stdin.end();
  });
}

/**
 * Empties Redis and writes `n` revoked sessions as the store writes them (`<prefix>revoked:sid:<sid>` = "0
 * <expiresAt>", with the TTL), through `redis-cli --pipe` (Redis's mass insertion).
 */
export async function seedRedis(port: number, prefix: string, n: number): Promise<void> {
  await redisCli(port, ["FLUSHALL"]);
  const now = nowSeconds();
  await redisCli(port, ["--pipe"], (write) => {
    const chunk: string[] = [];
    for (let i = 0; i < n; i++) {
      const ttl = 60 + Math.floor((i / n) * TTL);
      chunk.push(resp("SET", `${prefix}revoked:sid:${sidOf(i)}`, `0 ${now + ttl}`, "EX", String(ttl)));
      if (chunk.length === 10_000 || i === n - 1) write(chunk.splice(0).join(""));
    }
  });
}

/** Starts `redis-server` without persistence on `port`; resolves once it accepts connections. */
export function startRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    const server = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let ready = false;
    // The pipe stays drained after start-up, or a chatty server would block on it.
    server.stdout.on("data", (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) {
        ready = true;
        server.removeAllListeners("exit");
        resolve(server);
      }
    });
    server.stderr.resume();
    server.on("error", reject);
    server.on("exit", (code) => reject(new Error(`redis-server on ${port} exited with ${code}:\n${output}`)));
  });
}
