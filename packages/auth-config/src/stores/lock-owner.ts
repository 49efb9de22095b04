import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { processIsAlive } from "../util/process-alive.js";
import { processWide } from "../util/process-wide.js";

/** What a lock file says about who holds it. */
export interface LockOwner {
  pid: number;
  host: string;
  /** This run of the process: a restarted container often gets the same PID again. */
  process: string;
  /** This hold of the lock, so that a holder can tell whether its lock was taken over. */
  lease: string;
  /** When it was taken, in milliseconds since the epoch. */
  at: number;
}

/** Shared by every copy of the module in this process (Next.js bundles), so that none takes another's lock as stale. */
const PROCESS_RUN = processWide("lock-process-run", () => randomUUID());

export function newLockOwner(): LockOwner {
  return { pid: process.pid, host: hostname(), process: PROCESS_RUN, lease: randomUUID(), at: Date.now() };
}

/** Reads a lock file's text: this format, or the bare PID earlier versions wrote; `undefined` for anything else. */
export function parseLockOwner(text: string): Partial<LockOwner> | undefined {
  if (/^\d+\s*$/.test(text)) return { pid: Number(text) };
  try {
    const owner = JSON.parse(text) as Partial<LockOwner> | null;
    return typeof owner === "object" && owner !== null && Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a lock can be taken from its holder: it is older than `staleMs` (locks are held for milliseconds), or its
 * holder ran on this host and is gone. An unreadable lock (a writer that died between creating and filling it) or
 * one from another host is judged by its age alone.
 */
export function isAbandoned(owner: Partial<LockOwner> | undefined, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  if (!owner?.pid || (owner.host !== undefined && owner.host !== hostname())) return false;
  // This PID: held by this very run (another store in the process), or left by an earlier run that had the same PID.
  if (owner.pid === process.pid) return owner.process !== PROCESS_RUN;
  return !processIsAlive(owner.pid);
}
