import { mkdir, writeFile } from "node:fs/promises";

/**
 * Creates the folder of a store's files. A folder the package creates gets a `.gitignore` that ignores it whole, so
 * that revocations and logout journals (`.data/` by default) are never committed by an app that did not list it.
 */
export async function ensureDataDirectory(directory: string): Promise<void> {
  const created = await mkdir(directory, { recursive: true });
  if (created === undefined) return;
  await writeFile(
    `${directory}/.gitignore`,
    "# Written by @logto-hf/auth-config: revocations and logout journals, never committed.\n*\n",
    { flag: "wx" },
  ).catch(() => undefined);
}
