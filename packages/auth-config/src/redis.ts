export type { RedisRevocationStoreOptions } from "./stores/redis-protocol.js";
export { createRedisRevocationStore } from "./stores/redis-store.js";
