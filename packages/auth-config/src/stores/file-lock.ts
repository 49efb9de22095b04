import { randomUUID } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { LogtoError } from "../errors.js";
import { isAbandoned, type LockOwner, newLockOwner, parseLockOwner } from "./lock-owner.js";

/**
 * A lock older than this is taken over even when its holder is alive: a write holds it for milliseconds, and a
 * back-channel logout must be answered within Logto's 2.5 s. A holder whose PID is gone loses it at once.
 */
export const LOCK_STALE_MS = 1_000;
/** The longest a write waits for the lock while live holders keep it (they are served one after another). */
const LOCK_TIMEOUT_MS = 1_500;

/** The lock as held by the action, to check before a write that cannot be undone. */
export interface FileLockLease {
  /** Whether the lock file still names this hold (a stuck holder's lock is taken over after {@link LOCK_STALE_MS}). */
  stillHeld(): Promise<boolean>;
}

/**
 * Runs `action` holding the lock file `lockPath` (created exclusively, removed after), so that processes sharing a
 * file write one at a time. The lock file names its holder (PID, host, run); a lock whose holder is gone, or that is
 * older than {@link LOCK_STALE_MS}, is taken over.
 *
 * @throws {LogtoError} `store.lock_timeout` when live holders kept the lock for {@link LOCK_TIMEOUT_MS}.
 */
export async function withFileLock<T>(lockPath: string, action: (lease: FileLockLease) => Promise<T>): Promise<T> {
  const owner = await acquire(lockPath);
  try {
    return await action({ stillHeld: async () => (await readLock(lockPath))?.owner?.lease === owner.lease });
  } finally {
    await release(lockPath, owner);
  }
}

async function acquire(lockPath: string): Promise<LockOwner> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    const owner = newLockOwner();
    try {
      const handle = await open(lockPath, "wx", 0o600);
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      return owner;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const held = await readLock(lockPath);
    if (!held) continue;
    if (isAbandoned(held.owner, Date.now() - held.mtimeMs, LOCK_STALE_MS)) {
      await takeOver(lockPath, held.ino);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LogtoError(
        "store.lock_timeout",
        `Could not lock ${lockPath} within ${LOCK_TIMEOUT_MS} ms: process ${held.owner?.pid ?? "(unknown)"} kept it.`,
      );
    }
    await sleep(5 + Math.random() * 20);
  }
}

/** The lock file's holder and identity, or `undefined` when there is none. */
async function readLock(
  lockPath: string,
): Promise<{ owner: Partial<LockOwner> | undefined; mtimeMs: number; ino: number } | undefined> {
  try {
    const handle = await open(lockPath, "r");
    try {
      const info = await handle.stat();
      return { owner: parseLockOwner(await handle.readFile("utf8")), mtimeMs: info.mtimeMs, ino: info.ino };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Moves the abandoned lock aside (a rename: two processes taking it over at once cannot both succeed). Should the
 * rename have caught a new lock taken meanwhile by someone else, it is put back.
 */
async function takeOver(lockPath: string, abandonedIno: number): Promise<void> {
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await open(aside, "r").then(async (handle) => {
    const { ino } = await handle.stat();
    await handle.close();
    return ino;
  });
  if (moved !== abandonedIno) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Removes the lock, unless it was taken over meanwhile: then it is the new holder's. */
async function release(lockPath: string, owner: LockOwner): Promise<void> {
  const held = await readLock(lockPath).catch(() => undefined);
  if (held?.owner?.lease === owner.lease) await unlink(lockPath).catch(() => undefined);
}
