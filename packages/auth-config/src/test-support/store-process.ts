/**
 * The body of a child process that holds a revocation store (or a store's lock) for the crash tests: started by
 * {@link startStoreProcess}, it opens what its argument names, then runs one JSON command per stdin line and answers
 * each on stdout, so that the parent can kill it (-9) at a known point.
 */
import { createInterface } from "node:readline";
import { withFileLock } from "../stores/file-lock.js";
import { createFileRevocationStore, type FileRevocationStoreOptions } from "../stores/file-store.js";
import type { RedisRevocationStoreOptions } from "../stores/redis-protocol.js";
import { createRedisRevocationStore } from "../stores/redis-store.js";
import type { RevocableSession, RevocationStore } from "../stores/revocation-store.js";
import type { StoreCommand, StoreProcessSpec } from "./store-process-protocol.js";

const spec = JSON.parse(process.argv[2] ?? "{}") as StoreProcessSpec;
const answer = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

let store: RevocationStore | undefined;
if (spec.redis) {
  store = await createRedisRevocationStore({
    ...(spec.redis as RedisRevocationStoreOptions),
    onError: () => undefined,
  });
} else if (spec.file) {
  store = await createFileRevocationStore({ ...(spec.file as FileRevocationStoreOptions), onError: () => undefined });
}
answer({ ready: true, pid: process.pid });

async function run(command: StoreCommand): Promise<unknown> {
  switch (command.op) {
    case "revokeSession":
      return store!.revokeSession(command.sid, command.expiresAt);
    case "isRevoked":
      return store!.isRevoked(command.session as RevocableSession);
    case "holdLock":
      // Answers once the lock is taken, and never lets it go: the parent kills or freezes this process.
      return new Promise((acquired) => {
        void withFileLock(command.lockPath, () => {
          acquired("locked");
          return new Promise<never>(() => undefined);
        });
      });
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as StoreCommand;
  try {
    answer({ id: command.id, value: (await run(command)) ?? null });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    answer({ id: command.id, error: { code, message } });
  }
}
