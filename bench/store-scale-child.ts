/**
 * One measurement of `bench/store-scale.ts`, in a fresh process (run with `--expose-gc`) so that its heap and RSS
 * are this store's alone: opens a revocation store that already holds `n` revoked sessions (seeded by the parent),
 * then times `isRevoked`, a logout written, and pruning. Prints one line of JSON.
 */
import { writeFile } from "node:fs/promises";
import { createFileRevocationStore } from "../packages/auth-config/src/stores/file-store.js";
import { loadRedis } from "../packages/auth-config/src/stores/load-redis.js";
import { createRedisRevocationStore } from "../packages/auth-config/src/stores/redis-store.js";
import { RevocationMemory } from "../packages/auth-config/src/stores/revocation-memory.js";
import type { RevocationStore } from "../packages/auth-config/src/stores/revocation-store.js";
import { type ChildArgs, expiredFile, MIB, percentile, sidOf } from "./store-scale-seed.js";

const args = JSON.parse(process.argv[2]!) as ChildArgs;
const gc = globalThis.gc;
if (!gc) throw new Error("run with node --expose-gc");

function settledMemory() {
  gc!();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

function open(): Promise<RevocationStore> {
  const onError = (error: unknown) => console.error(error);
  return args.kind === "file"
    ? createFileRevocationStore({ path: args.file!, pollIntervalMs: 600_000, onError })
    : createRedisRevocationStore({
        url: args.redisUrl!,
        keyPrefix: args.keyPrefix!,
        journalPath: args.journal!,
        onError,
      });
}

/** ns per call of `check`: batches of 10 calls timed together, the median and p99 over the batches. */
function timeCalls<T>(inputs: T[], check: (input: T) => boolean, expected: boolean) {
  const perCall: number[] = [];
  for (let batch = 0, next = 0; batch < args.batches; batch++) {
    const started = process.hrtime.bigint();
    for (let call = 0; call < 10; call++) {
      if (check(inputs[next++ % inputs.length]!) !== expected) throw new Error("wrong answer");
    }
    perCall.push(Number(process.hrtime.bigint() - started) / 10);
  }
  return { p50: percentile(perCall, 50), p99: percentile(perCall, 99) };
}

function timeChecks(store: RevocationStore, sids: string[], expected: boolean) {
  const createdAt = Math.floor(Date.now() / 1000) - 60;
  const sessions = sids.map((sid) => ({ sid, sub: "bench-user", createdAt }));
  return timeCalls(sessions, (session) => store.isRevoked(session) as boolean, expected);
}

const msSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

// The store loads `redis` when it opens: loaded before, so that neither the heap nor the start-up read counts it.
if (args.kind === "redis") await loadRedis();
const before = settledMemory();
let started = process.hrtime.bigint();
const store = await open();
const openMs = msSince(started);
const after = settledMemory();
const peakRss = process.resourceUsage().maxRSS * 1024;

const random = (count: number, name: (i: number) => string) =>
  Array.from({ length: count }, () => name(Math.floor(Math.random() * args.n)));
// Warm-up, so that the JIT has compiled the path before it is timed.
timeChecks(store, random(1000, sidOf), true);
const hit = timeChecks(store, random(10_000, sidOf), true);
const miss = timeChecks(
  store,
  random(10_000, (i) => `absent-${i}`),
  false,
);
// The same 100 sessions over and over: what the CPU's caches hold, so what is left is the steps a check takes.
const hot = timeChecks(store, random(100, sidOf), true);

/**
 * The floor of any in-memory set: `Map.get` on a plain Map of the same N IDs, same pattern. Over N entries picked at
 * random, a lookup costs more at 1M than at 10k in any hash table (the CPU's caches hold less of it), not more steps.
 */
function mapFloor() {
  const plain = new Map<string, number>();
  for (let i = 0; i < args.n; i++) plain.set(sidOf(i), 1);
  timeCalls(random(1000, sidOf), (sid) => plain.has(sid), true);
  return timeCalls(random(10_000, sidOf), (sid) => plain.has(sid), true);
}

const writes: number[] = [];
for (let i = 0; i < 5; i++) {
  started = process.hrtime.bigint();
  await store.revokeSession(`bench-new-${i}`, Math.floor(Date.now() / 1000) + 3600);
  writes.push(msSince(started));
}
await store.close();

/** Pruning in memory: the full sweep a file write does, and the rolling pruning each new revocation does. */
function memoryPruning() {
  const t = 1_800_000_000;
  const filled = (n: number, expiresAt: number) => {
    const memory = new RevocationMemory();
    for (let i = 0; i < n; i++) memory.addSession(sidOf(i), expiresAt, t);
    return memory;
  };
  /** ns per new revocation while `count` arrive after all of the above expired (or none did). */
  const rolling = (memory: RevocationMemory, count: number) => {
    const at = process.hrtime.bigint();
    for (let added = 0; added < count; added++) memory.addSession(`later-${added}`, t + 100, t + 11);
    return Number(process.hrtime.bigint() - at) / count;
  };
  rolling(filled(1000, t + 10), 1000);
  let memory = filled(args.n, t + 10);
  const at = process.hrtime.bigint();
  memory.snapshot(t + 11);
  const sweepMs = msSince(at);
  // A pass over N entries at 4 per new revocation takes N / 4 of them, plus the new ones it meets on the way.
  const additions = Math.ceil(args.n / 3);
  let left = 0;
  const fastest = (runs: number[]) => Math.min(...runs);
  const expiredNs = fastest(
    [0, 1, 2].map(() => {
      memory = filled(args.n, t + 10);
      const took = rolling(memory, additions);
      left = Math.max(left, memory.size.sessions - additions);
      return took;
    }),
  );
  const unexpiredNs = fastest([0, 1, 2].map(() => rolling(filled(args.n, t + 1000), additions)));
  return { sweepMs, additions, expiredNs, unexpiredNs, left };
}

/** The file store on a file whose `n` revocations all expired: left out at start-up, dropped at the next write. */
async function filePruning() {
  if (args.kind !== "file") return undefined;
  await writeFile(args.file!, expiredFile(args.n));
  let at = process.hrtime.bigint();
  const expired = await open();
  const openMs = msSince(at);
  at = process.hrtime.bigint();
  await expired.revokeSession("bench-after-expiry", Math.floor(Date.now() / 1000) + 3600);
  const firstWriteMs = msSince(at);
  await expired.close();
  return { openMs, firstWriteMs };
}

const floor = mapFloor();
const memory = memoryPruning();
const file = await filePruning();
console.log(
  JSON.stringify({
    openMs,
    heapMiB: (after.heapUsed - before.heapUsed) / MIB,
    rssMiB: (after.rss - before.rss) / MIB,
    peakRssMiB: (peakRss - before.rss) / MIB,
    hit,
    miss,
    floor,
    hot,
    writeMs: percentile(writes, 50),
    pruning: { ...memory, file },
  }),
);
