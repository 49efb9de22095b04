import { openRevocationStore } from "@logto-hf/auth-config";
import { revocationStoreConfig } from "~/env.server";

/** The revocations this app's instances share: Redis with REDIS_URL, else a file on disk. */
export const revocations = () =>
  openRevocationStore({ redisUrl: revocationStoreConfig.redisUrl, file: revocationStoreConfig.file, keyPrefix: "remix:" });
