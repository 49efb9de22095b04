import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Before any test file loads Next.js: its request scope needs the global AsyncLocalStorage (see the file).
    setupFiles: ["./src/test-support/next-environment.ts"],
    server: {
      deps: {
        // next-auth imports `next/server` without an extension, as bundlers resolve it; Node's ESM loader does not.
        inline: ["next-auth"],
      },
    },
  },
});
