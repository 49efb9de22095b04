/**
 * How long after Redis answers again a logout received during an outage reaches another instance: two Redis stores of
 * one app, Redis killed, a logout applied by the first, Redis restarted, then the time until the second knows it.
 * `pnpm --filter @logto-hf/bench bench:redis-recovery [--rounds N] [--outage SECONDS]`; BENCH_REDIS_RECOVERY_PORT.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { portFromEnv } from "@logto-hf/demo";
import { createRedisRevocationStore } from "../packages/auth-config/src/stores/redis-store.js";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "5" }, outage: { type: "string", default: "5" } },
});
const port = portFromEnv(process.env, "BENCH_REDIS_RECOVERY_PORT", 5790);
const url = `redis://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), "redis-recovery-"));
/** A redis-server of this script's own; one that exits at once (its port taken) stops the script. */
function startRedis() {
  const server = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  server.once("exit", (code) => {
    if (code !== null) {
      console.error(`redis-server on port ${port} exited (${code}): is the port taken? Set BENCH_REDIS_RECOVERY_PORT.`);
      process.exit(1);
    }
  });
  return server;
}

const delays: number[] = [];
for (let round = 0; round < Number(values.rounds); round += 1) {
  let redis = startRedis();
  await sleep(300);
  const open = (instance: string) =>
    createRedisRevocationStore({
      url,
      keyPrefix: `recovery${round}:`,
      journalPath: join(dir, `${round}-${instance}.jsonl`),
      onError: () => undefined,
    });
  const [first, second] = [await open("a"), await open("b")];
  redis.kill("SIGKILL");
  const outageMs = Number(values.outage) * 1000;
  await sleep(outageMs / 2);
  const sid = `sid-${round}`;
  await first.revokeSession(sid, Math.floor(Date.now() / 1000) + 3600);
  await sleep(outageMs / 2);
  redis = startRedis();
  const back = Date.now();
  for (;;) {
    if (knows(second, sid)) break;
    if (Date.now() - back > 20_000) throw new Error("the second instance never learned of the logout");
    await sleep(10);
  }
  delays.push(Date.now() - back);
  await Promise.all([first.close(), second.close()]);
  redis.kill("SIGKILL");
  await sleep(300);
}
/** Whether `store` knows `sid` is revoked; `false` while it has not read Redis since starting. */
function knows(store: Awaited<ReturnType<typeof createRedisRevocationStore>>, sid: string): boolean {
  try {
    return Boolean(store.isRevoked({ sid, sub: "user", createdAt: 0 }));
  } catch {
    return false;
  }
}

const sorted = [...delays].sort((a, b) => a - b);
console.log(
  `Logout received during a ${values.outage} s Redis outage, seen by the other instance after Redis restarts:`,
);
console.log(
  `  ${delays.map((ms) => `${ms} ms`).join(", ")} (median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms)`,
);
