import { randomUUID } from "node:crypto";
import { open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `text` so that a crash leaves either the old or the new file, and the new one is on disk when
 * this resolves: a temporary file, flushed, renamed over `path`, then the directory flushed (the rename itself).
 *
 * @param mayCommit - Asked just before the rename; `false` discards the new contents (the caller's lock was taken over).
 * @returns whether `path` was replaced.
 */
export async function replaceFileDurably(
  path: string,
  text: string,
  mayCommit: () => Promise<boolean>,
): Promise<boolean> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (!(await mayCommit())) {
      await unlink(temporary);
      return false;
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
  return true;
}

/** Flushes a directory's entries (a created, renamed or removed file), where the platform allows it. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch (error) {
    // Windows cannot open a directory; some file systems refuse to flush one. The rename still happened.
    if (!["EISDIR", "EPERM", "EACCES", "EINVAL"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Removes the temporary files of {@link replaceFileDurably} next to `path` that are older than `olderThanMs`: left by a
 * process that died while writing (a live writer renames its own within milliseconds).
 */
export async function removeAbandonedTemporaries(path: string, olderThanMs: number): Promise<void> {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = await readdir(directory).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !/\.(tmp|stale)$/.test(name)) continue;
    const file = join(directory, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > olderThanMs) await unlink(file).catch(() => undefined);
  }
}
