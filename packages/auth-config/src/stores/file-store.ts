import { type FSWatcher, watch } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { LogtoError } from "../errors.js";
import { CoalescedTask } from "../util/coalesced-task.js";
import { ensureDataDirectory } from "./data-directory.js";
import { removeAbandonedTemporaries, replaceFileDurably } from "./durable-file.js";
import { type FileContents, parseContents } from "./file-format.js";
import { type FileLockLease, LOCK_STALE_MS, withFileLock } from "./file-lock.js";
import { assertRevocationArguments, isEpochSeconds, RevocationMemory } from "./revocation-memory.js";
import { nowSeconds, type RevocableSession, type RevocationStore } from "./revocation-store.js";

/** Options of {@link createFileRevocationStore}. */
export interface FileRevocationStoreOptions {
  /**
   * The JSON file to keep revocations in; its directory is created when missing. Every instance of one app
   * must use the same file (on a shared disk), and different apps different files.
   */
  path: string;
  /**
   * How often, in milliseconds, to check the file in case `fs.watch` misses a change (some network and
   * container file systems do not report changes).
   * @default 2000
   */
  pollIntervalMs?: number;
  /** Receives errors of background reloads, which do not stop the store. @default console.error */
  onError?: (error: unknown) => void;
}

/**
 * The embedded revocation store: revocations in memory, saved to one JSON file that survives restarts and
 * is shared by every process of the app that points at it. Writes are atomic (temporary file, then rename) and on disk
 * (file and directory flushed) before they resolve, and serialised across processes by a lock file next to it
 * (`<path>.lock`, naming its holder's PID and host). A lock whose holder is gone (a process killed while writing,
 * or the previous run of a restarted container) is taken over at once, and any lock held for more than a second is
 * taken over too, so a crashed or stuck writer never holds up a logout for long. Other processes see a change
 * within milliseconds through `fs.watch`, or at the latest after `pollIntervalMs`. `isRevoked` answers
 * from memory, so checking a request reads nothing from disk. Expired entries are dropped.
 *
 * For several hosts without a shared disk, use `createRedisRevocationStore` from
 * `@logto-hf/auth-config/redis`.
 *
 * @param options - The file, and how background errors are reported.
 * @returns the store, loaded from the file. Call `close()` on shutdown.
 * @throws {LogtoError} `store.invalid_file` when the file exists but is not a revocation file (the message names it);
 *   the file system's error when it cannot be read. A write rejects (`store.lock_timeout`) only when live processes
 *   kept the lock for 1.5 s.
 * @example
 * ```ts
 * const store = await createFileRevocationStore({ path: ".data/revocations.json" });
 * if (store.isRevoked({ sid: session.sid, sub: session.sub, createdAt: session.createdAt })) signOut();
 * ```
 */
export async function createFileRevocationStore(options: FileRevocationStoreOptions): Promise<RevocationStore> {
  const store = new FileRevocationStore(resolve(options.path), options.onError ?? defaultOnError);
  await store.open(options.pollIntervalMs ?? 2_000);
  return store;
}

function defaultOnError(error: unknown): void {
  console.error("[auth-config] revocation file store:", error);
}

class FileRevocationStore implements RevocationStore {
  readonly #memory = new RevocationMemory();
  readonly #jtis = new Map<string, number>();
  readonly #lockPath: string;
  #watcher: FSWatcher | undefined;
  #poller: NodeJS.Timeout | undefined;
  /** Identifies the file version last merged, so unchanged files are not parsed again. */
  #seen = "";
  #writes: Promise<unknown> = Promise.resolve();
  /** Reloads after a change by another process; coalesces bursts of events into at most one extra read. */
  readonly #refresh = new CoalescedTask(
    () => this.#load().catch((error: unknown) => this.onError(error)),
    () => this.#closed,
  );
  #closed = false;

  constructor(
    readonly path: string,
    readonly onError: (error: unknown) => void,
  ) {
    this.#lockPath = `${path}.lock`;
  }

  async open(pollIntervalMs: number): Promise<void> {
    const directory = dirname(this.path);
    await ensureDataDirectory(directory);
    await removeAbandonedTemporaries(this.path, LOCK_STALE_MS);
    await this.#load();
    const name = basename(this.path);
    try {
      this.#watcher = watch(directory, { persistent: false }, (_event, filename) => {
        if (filename === null || filename.toString() === name) this.#refresh.run();
      });
      this.#watcher.on("error", (error) => this.onError(error));
    } catch (error) {
      this.onError(error);
    }
    this.#poller = setInterval(() => this.#refresh.run(), pollIntervalMs);
    this.#poller.unref();
  }

  async revokeSession(sid: string, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sid, expiresAt });
    return this.#write(() => {
      this.#memory.addSession(sid, expiresAt);
    });
  }

  async revokeSubject(sub: string, at: number, expiresAt: number): Promise<void> {
    assertRevocationArguments({ sub, at, expiresAt });
    return this.#write(() => {
      this.#memory.addSubject(sub, at, expiresAt);
    });
  }

  isRevoked(session: RevocableSession): boolean {
    return this.#memory.isRevoked(session);
  }

  async rememberJti(jti: string, expiresAt: number): Promise<boolean> {
    assertRevocationArguments({ jti, expiresAt });
    return this.#write(() => {
      const seenUntil = this.#jtis.get(jti);
      if (seenUntil !== undefined && seenUntil > nowSeconds()) return false;
      this.#jtis.set(jti, expiresAt);
      return true;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#watcher?.close();
    clearInterval(this.#poller);
    await this.#writes.catch(() => undefined);
    await this.#refresh.settled;
  }

  /**
   * Runs `change` on the latest state under the cross-process lock and saves the result, so that two
   * processes never overwrite each other's revocations and a `jti` is recorded once across all of them.
   * Should the lock be taken over before the save (this process was stuck), the save is done again under a new lock.
   */
  #write<T>(change: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new LogtoError("store.closed", "The revocation store is closed."));
    const result = this.#writes.then(async () => {
      let changed: { value: T } | undefined;
      for (let attempt = 1; ; attempt++) {
        const saved = await withFileLock(this.#lockPath, async (lease) => {
          await this.#load();
          changed ??= { value: change() };
          return this.#save(lease);
        });
        if (saved) return changed!.value;
        if (attempt === 3) {
          throw new LogtoError("store.lock_timeout", `Other processes kept taking over ${this.#lockPath}.`);
        }
      }
    });
    this.#writes = result.catch(() => undefined);
    return result;
  }

  /** Reads the file, when it changed since last read, and merges it into memory. */
  async #load(): Promise<void> {
    let text: string;
    let version: string;
    try {
      const handle = await open(this.path, "r");
      try {
        const info = await handle.stat();
        version = `${info.ino}:${info.size}:${info.mtimeMs}`;
        if (version === this.#seen) return;
        text = await handle.readFile("utf8");
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    this.#merge(parseContents(text, this.path));
    this.#seen = version;
  }

  #merge(contents: FileContents): void {
    const now = nowSeconds();
    this.#memory.merge(contents, now);
    for (const [jti, expiresAt] of Object.entries(contents.jtis)) {
      if (!isEpochSeconds(expiresAt) || expiresAt <= now) continue;
      if ((this.#jtis.get(jti) ?? 0) < expiresAt) this.#jtis.set(jti, expiresAt);
    }
  }

  /** Writes memory to the file, on disk when it resolves. @returns `false` when the lock was lost first. */
  async #save(lease: FileLockLease): Promise<boolean> {
    const now = nowSeconds();
    for (const [jti, expiresAt] of this.#jtis) if (expiresAt <= now) this.#jtis.delete(jti);
    const contents: FileContents = { version: 1, ...this.#memory.snapshot(now), jtis: Object.fromEntries(this.#jtis) };
    if (!(await replaceFileDurably(this.path, `${JSON.stringify(contents)}\n`, () => lease.stillHeld()))) return false;
    const info = await stat(this.path);
    this.#seen = `${info.ino}:${info.size}:${info.mtimeMs}`;
    return true;
  }
}
