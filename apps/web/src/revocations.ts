import "server-only";
import { createFileRevocationStore, type RevocationStore } from "@logto-hf/auth-config";
import { revocationStoreConfig } from "~/env";

let store: Promise<RevocationStore> | undefined;

/** The revocations this app's instances share: Redis with REDIS_URL, else a file on disk. Opened once. */
export function revocations(): Promise<RevocationStore> {
  store ??= (
    revocationStoreConfig.redisUrl
      ? import("@logto-hf/auth-config/redis").then(({ createRedisRevocationStore }) =>
          createRedisRevocationStore({ url: revocationStoreConfig.redisUrl!, keyPrefix: "web:" }),
        )
      : createFileRevocationStore({ path: revocationStoreConfig.file })
  ).catch((error: unknown) => {
    store = undefined;
    throw error;
  });
  return store;
}
