import { open, stat, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { LogtoError } from "../errors.js";

const LOCK_STALE_MS = 10_000;
const LOCK_TIMEOUT_MS = 5_000;

/**
 * Runs `action` holding the lock file `lockPath` (created exclusively, removed after), so that processes sharing the
 * revocation file write one at a time.
 */
export async function withFileLock<T>(lockPath: string, action: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const lock = await stat(lockPath).catch(() => undefined);
      // A lock is held for milliseconds; an old one was left by a process that died while writing.
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new LogtoError(
          "store.lock_timeout",
          `Could not lock ${lockPath} within ${LOCK_TIMEOUT_MS / 1000} s. ` +
            "If no process of the app is running, delete that file.",
        );
      }
      await sleep(5 + Math.random() * 20);
    }
  }
  try {
    return await action();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
