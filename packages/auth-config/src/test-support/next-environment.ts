/**
 * What a Next.js server sets up before it loads anything else: `AsyncLocalStorage` on `globalThis`, where Next.js's
 * request stores are created from. Without it they are stubs that throw, and `next/headers` cannot be used in tests.
 */
import "next/dist/server/node-environment-baseline.js";
