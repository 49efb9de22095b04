import { LogtoError } from "../errors.js";
import type { RevocationSnapshot } from "./revocation-memory.js";

/** The revocation file: what the store knows, and the logout-token IDs it accepted. */
export interface FileContents extends RevocationSnapshot {
  version: 1;
  jtis: Record<string, number>;
}

/** The contents of a revocation file. @throws {LogtoError} `store.invalid_file` naming the file. */
export function parseContents(text: string, path: string): FileContents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LogtoError(
      "store.invalid_file",
      `${path} is not valid JSON. It should be a revocation file written by this store; move it away to start empty.`,
    );
  }
  const contents = parsed as Partial<FileContents> | null;
  if (typeof contents !== "object" || contents === null || contents.version !== 1) {
    throw new LogtoError(
      "store.invalid_file",
      `${path} is not a revocation file (expected {"version":1,…}); point the store at another path.`,
    );
  }
  const record = <T>(value: unknown): Record<string, T> =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, T>) : {};
  return {
    version: 1,
    sessions: record(contents.sessions),
    subjects: record(contents.subjects),
    jtis: record(contents.jtis),
  };
}
