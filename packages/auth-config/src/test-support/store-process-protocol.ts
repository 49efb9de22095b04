/** What the parent and a {@link ./store-process.ts} child say to each other. */

/** What the child opens at start: a Redis store, a file store, or nothing (to hold a lock only). */
export interface StoreProcessSpec {
  redis?: object;
  file?: object;
}

export type StoreCommand = { id: number } & (
  | { op: "revokeSession"; sid: string; expiresAt: number }
  | { op: "isRevoked"; session: object }
  | { op: "holdLock"; lockPath: string }
);

/** A command without its `id`, which {@link StoreProcess.call} adds. */
export type StoreCall = StoreCommand extends infer C ? (C extends StoreCommand ? Omit<C, "id"> : never) : never;

export interface StoreAnswer {
  id?: number;
  ready?: boolean;
  pid?: number;
  value?: unknown;
  error?: { code?: string; message?: string };
}
