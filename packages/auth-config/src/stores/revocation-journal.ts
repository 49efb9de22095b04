import { access, open, readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { ensureDataDirectory } from "./data-directory.js";
import { replaceFileDurably, syncDirectory } from "./durable-file.js";
import { withFileLock } from "./file-lock.js";
import { isEpochSeconds } from "./revocation-memory.js";
import { nowSeconds } from "./revocation-store.js";

/** A logout not yet written to the shared store: a revocation (`at` is 0 for a `sid`), or a logout token's ID. */
export type JournalEntry =
  | { kind: "sid" | "sub"; id: string; at: number; expiresAt: number }
  | { kind: "jti"; id: string; expiresAt: number };

/**
 * A local append-only file of the logouts a shared store (Redis) has not taken yet, one JSON object a line, so that a
 * logout acknowledged while the store was unreachable survives a restart. Appends are flushed to disk before they
 * resolve. Every line is written after a newline, so a line cut short by a crash never swallows the next one, and
 * reading skips it. Processes sharing the file take turns through `<path>.lock`.
 *
 * @internal
 */
export class RevocationJournal {
  readonly #lockPath: string;

  constructor(readonly path: string) {
    this.#lockPath = `${path}.lock`;
  }

  /** The entries that have not expired; an unreadable line (a torn write) is skipped. */
  async read(now = nowSeconds()): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return text
      .split("\n")
      .map(parseEntry)
      .filter((entry): entry is JournalEntry => entry !== undefined && entry.expiresAt > now);
  }

  /** Appends `entries`; on disk (file, and the directory when the file is new) when it resolves. */
  async append(entries: JournalEntry[]): Promise<void> {
    const directory = dirname(this.path);
    await ensureDataDirectory(directory);
    await withFileLock(this.#lockPath, async () => {
      const handle = await open(this.path, "a", 0o600);
      let created: boolean;
      try {
        created = (await handle.stat()).size === 0;
        await handle.appendFile(`\n${entries.map((entry) => JSON.stringify(entry)).join("\n")}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (created) await syncDirectory(directory);
    });
  }

  /**
   * Removes the entries the shared store now holds: those `written` covers (same key, no later values) and those
   * expired. Entries appended meanwhile, by this process or another, stay.
   */
  async forget(written: JournalEntry[], now = nowSeconds()): Promise<void> {
    const kept = new Map(written.map((entry) => [`${entry.kind}:${entry.id}`, entry]));
    if (
      !(await access(this.path).then(
        () => true,
        () => false,
      ))
    )
      return;
    await withFileLock(this.#lockPath, async (lease) => {
      const entries = await this.read(now);
      const remaining = entries.filter((entry) => !covers(kept.get(`${entry.kind}:${entry.id}`), entry));
      if (remaining.length === 0) {
        if (await lease.stillHeld()) await unlink(this.path).catch(() => undefined);
        return;
      }
      const text = `${remaining.map((entry) => JSON.stringify(entry)).join("\n")}\n`;
      await replaceFileDurably(this.path, text, () => lease.stillHeld());
    });
  }
}

function covers(written: JournalEntry | undefined, entry: JournalEntry): boolean {
  if (!written || written.expiresAt < entry.expiresAt) return false;
  return written.kind === "jti" || entry.kind === "jti" || written.at >= entry.at;
}

function parseEntry(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  let entry: Partial<{ kind: unknown; id: unknown; at: unknown; expiresAt: unknown }>;
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry?.id !== "string" || !entry.id || !isEpochSeconds(entry.expiresAt)) return undefined;
  if (entry.kind === "jti") return { kind: "jti", id: entry.id, expiresAt: entry.expiresAt };
  if (entry.kind === "sid") return { kind: "sid", id: entry.id, at: 0, expiresAt: entry.expiresAt };
  if (entry.kind === "sub" && isEpochSeconds(entry.at)) {
    return { kind: "sub", id: entry.id, at: entry.at, expiresAt: entry.expiresAt };
  }
  return undefined;
}

/** `.data/redis-journal-<keyPrefix>.jsonl`, relative to the working directory, with the prefix made a file name. */
export function defaultJournalPath(keyPrefix: string): string {
  return `.data/redis-journal-${keyPrefix.replace(/[^A-Za-z0-9._-]/g, "_")}.jsonl`;
}
