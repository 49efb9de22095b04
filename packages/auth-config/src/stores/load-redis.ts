import { LogtoError } from "../errors.js";

/** The `redis` package (node-redis 5), an optional peer dependency. */
export type RedisModule = typeof import("redis");

/**
 * Loads `redis` when a Redis store is opened, and only then: the import is hidden from bundlers, so that an app that
 * never sets `REDIS_URL` builds without `redis` installed (Next.js's Turbopack resolves every import it can see).
 */
export async function loadRedis(): Promise<RedisModule> {
  try {
    return (await import(
      /* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ "redis"
    )) as RedisModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new LogtoError(
      "config.invalid",
      "REDIS_URL is set, but the `redis` package is not installed in this app: `npm install redis@5` (or unset " +
        "REDIS_URL to keep revocations in a file).",
      { cause: error },
    );
  }
}
