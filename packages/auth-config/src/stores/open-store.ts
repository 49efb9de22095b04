import { processWide } from "../util/process-wide.js";
import { createFileRevocationStore } from "./file-store.js";
import type { RevocationStore } from "./revocation-store.js";

/** Options of {@link openRevocationStore}. */
export interface OpenRevocationStoreOptions {
  /** A `redis://` URL: every instance of the app shares the store through it. */
  redisUrl?: string | undefined;
  /** Otherwise, the JSON file of the embedded store. @default ".data/revocations.json" */
  file?: string;
  /** Keeps several apps apart in one Redis, e.g. `"web:"`. */
  keyPrefix: string;
}

const opened = processWide("revocation-stores", () => new Map<string, Promise<RevocationStore>>());

/**
 * The app's revocation store: Redis when `redisUrl` is set (the `redis` client is loaded only then), else the
 * embedded file store. Opened once per process and configuration, shared by every bundle of the app (Next.js's proxy,
 * route handlers and pages); a failure to open is retried on the next call. A Redis that cannot be reached at start
 * does not fail it: the store keeps connecting, queues the logouts it receives, and its `isRevoked` throws until it
 * has read Redis once (see `whenUnreachable` of `createRedisRevocationStore`).
 *
 * @example
 * ```ts
 * const store = await openRevocationStore({ redisUrl: process.env.REDIS_URL, keyPrefix: "web:" });
 * ```
 */
export function openRevocationStore(options: OpenRevocationStoreOptions): Promise<RevocationStore> {
  const file = options.file ?? ".data/revocations.json";
  const key = options.redisUrl ? `redis ${options.redisUrl} ${options.keyPrefix}` : `file ${file}`;
  let store = opened.get(key);
  if (!store) {
    store = options.redisUrl
      ? import("./redis-store.js").then(({ createRedisRevocationStore }) =>
          createRedisRevocationStore({
            url: options.redisUrl!,
            keyPrefix: options.keyPrefix,
            whenUnreachable: "start-offline",
          }),
        )
      : createFileRevocationStore({ path: file });
    store.catch(() => opened.delete(key));
    opened.set(key, store);
  }
  return store;
}
