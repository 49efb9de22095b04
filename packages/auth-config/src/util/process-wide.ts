/**
 * One value per process under `name`, shared by every copy of this package's modules in it. Next.js bundles the
 * proxy, the route handlers and the pages separately, each with its own instance of every module: without this, a
 * logout received by the back-channel route would reach the proxy's revocation store only through Redis, and the
 * proxy and a page could each spend one refresh token.
 *
 * @internal
 */
export function processWide<T>(name: string, create: () => T): T {
  // The version in the key keeps two incompatible copies of the package in one process apart.
  const key = Symbol.for(`@logto-hf/auth-config@1:${name}`);
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  registry[key] ??= create();
  return registry[key];
}
