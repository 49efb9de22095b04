/**
 * `pnpm bench` part `store-scale` (alone: `pnpm --filter @logto-hf/bench bench:stores [--smoke]`): how the revocation
 * stores grow with the number of revoked sessions. For each N and each store (the JSON file; Redis, on a
 * `redis-server` of its own on BENCH_REDIS_PORT), a fresh process opens a store that already holds N revocations and
 * reports its heap and RSS growth, the start-up read, `isRevoked` (hit and miss), one logout written, and pruning.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { storePorts } from "./ports.js";
import { type ChildArgs, liveFile, MIB, redisCli, seedRedis, startRedis } from "./store-scale-seed.js";

interface Measurement {
  openMs: number;
  heapMiB: number;
  rssMiB: number;
  peakRssMiB: number;
  hit: { p50: number; p99: number };
  miss: { p50: number; p99: number };
  /** `Map.get` on a plain Map of the same N IDs, same pattern. */
  floor: { p50: number; p99: number };
  /** `isRevoked` of the same 100 sessions over and over (in the CPU's caches). */
  hot: { p50: number; p99: number };
  writeMs: number;
  pruning: {
    sweepMs: number;
    additions: number;
    expiredNs: number;
    unexpiredNs: number;
    /** Expired entries still held after `additions` new revocations (0: all dropped). */
    left: number;
    file?: { openMs: number; firstWriteMs: number };
  };
  fileMiB?: number;
  redisMiB?: number;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const KEY_PREFIX = "bench-store-scale:";

/** Runs one measurement in a fresh process (its own heap), with the GC exposed. */
function measure(args: ChildArgs): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(here, "store-scale-child.ts"), JSON.stringify(args)],
      { cwd: here, stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split("\n").at(-1)!) as Measurement)
        : reject(new Error(`store-scale child (${args.kind}, ${args.n}) exited with ${code}`)),
    );
  });
}

const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const ns = (value: number) => `${Math.round(value)} ns`;
const ms = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const mib = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} MiB`;

/** Measures every store at every N; gives the two tables (scale, pruning) and the figures. */
export async function storeScale(smoke: boolean) {
  const sizes = smoke ? [1_000, 10_000] : [10_000, 100_000, 1_000_000];
  const batches = smoke ? 2_000 : 20_000;
  const dir = await mkdtemp(join(tmpdir(), "bench-store-scale-"));
  const redis = await startRedis(storePorts.redis);
  const results: Record<string, Measurement> = {};
  try {
    for (const n of sizes) {
      const file = join(dir, `revocations-${n}.json`);
      await writeFile(file, liveFile(n));
      const fileMiB = (await stat(file)).size / MIB;
      results[`file ${n}`] = { ...(await measure({ kind: "file", n, batches, file })), fileMiB };
      await seedRedis(storePorts.redis, KEY_PREFIX, n);
      const info = await redisCli(storePorts.redis, ["INFO", "memory"]);
      const redisMiB = Number(/used_memory:(\d+)/.exec(info)?.[1]) / MIB;
      const redisUrl = `redis://127.0.0.1:${storePorts.redis}`;
      results[`redis ${n}`] = {
        ...(await measure({
          kind: "redis",
          n,
          batches,
          redisUrl,
          keyPrefix: KEY_PREFIX,
          journal: join(dir, `journal-${n}`),
        })),
        redisMiB,
      };
    }
  } finally {
    redis.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
  return { tables: tables(sizes, results), results };
}

function tables(sizes: number[], results: Record<string, Measurement>): string[] {
  const scale = [
    "| store | revoked sessions | heap growth | RSS growth (peak) | stored | start-up read | isRevoked hit p50 / p99 | miss p50 / p99 | plain Map.get p50 | hit ÷ Map.get (p50) | same 100 sessions: hit p50 (÷ smallest N's) | one logout written |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const kind of ["file", "redis"] as const) {
    const smallest = results[`${kind} ${sizes[0]}`]!;
    for (const n of sizes) {
      const m = results[`${kind} ${n}`]!;
      const stored = kind === "file" ? `${mib(m.fileMiB!)} file` : `${mib(m.redisMiB!)} in Redis`;
      scale.push(
        `| ${kind} | ${count(n)} | ${mib(m.heapMiB)} | ${mib(m.rssMiB)} (${mib(m.peakRssMiB)}) | ${stored} | ` +
          `${ms(m.openMs)} | ${ns(m.hit.p50)} / ${ns(m.hit.p99)} | ${ns(m.miss.p50)} / ${ns(m.miss.p99)} | ` +
          `${ns(m.floor.p50)} | ${(m.hit.p50 / m.floor.p50).toFixed(2)}× | ` +
          `${ns(m.hot.p50)} (${(m.hot.p50 / smallest.hot.p50).toFixed(2)}×) | ${ms(m.writeMs)} |`,
      );
    }
  }
  const pruning = [
    "| revoked sessions, all expired | memory: full sweep (each file write) | memory: rolling, per new revocation (none expired; fastest of 3) | new revocations until all dropped | file store: start-up read | file store: first write (drops them) |",
    "|---|---|---|---|---|---|",
  ];
  for (const n of sizes) {
    const { pruning: p } = results[`file ${n}`]!;
    pruning.push(
      `| ${count(n)} | ${ms(p.sweepMs)} | ${ns(p.expiredNs)} (${ns(p.unexpiredNs)}) | ` +
        `${p.left === 0 ? `N / 3 = ${p.additions.toLocaleString("en-US")}` : `${p.left} left after ${p.additions}`} | ` +
        `${ms(p.file!.openMs)} | ${ms(p.file!.firstWriteMs)} |`,
    );
  }
  return [scale.join("\n"), pruning.join("\n")];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { tables: printed } = await storeScale(process.argv.includes("--smoke"));
  console.log(printed.join("\n\n"));
}
