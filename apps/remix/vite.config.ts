import { readdirSync } from "node:fs";
import { parse } from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Like remix-serve, the dev server stops at start on a wrong configuration (a port unlike AUTH_URL's, say); Vite prints
 * why.
 */
const checkEnvAtStart: Plugin = {
  name: "check-env-at-start",
  apply: "serve",
  configureServer(server) {
    server.httpServer?.once("listening", () => server.ssrLoadModule("/app/env.server.ts").catch(() => process.exit(1)));
  },
};

/**
 * Ctrl-C (or turbo stopping `pnpm dev`) is how the dev server stops: it closes and exits 0. Left to Node.js, the
 * process would die of the signal (and `remix vite:dev` exits 130), which pnpm reports as a failed script.
 */
const exitCleanlyOnCtrlC: Plugin = {
  name: "exit-cleanly-on-ctrl-c",
  apply: "serve",
  configureServer(server) {
    // The signal may come twice (from turbo and from pnpm): both wait for the same close.
    process.on("SIGINT", () => void server.close().finally(() => process.exit(0)));
  },
};

const routeIds = new Set(
  readdirSync(fileURLToPath(new URL("app/routes", import.meta.url))).map((file) => parse(file).name),
);

export default defineConfig({
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        // Remix gives every route a client chunk: a resource route's (an action or loader, no component) is empty.
        if (warning.code === "EMPTY_BUNDLE" && warning.names?.every((name) => routeIds.has(name))) return;
        // zod's own comments mention `@__PURE__` where Rollup cannot use it: Rollup drops the comment, nothing else.
        if (warning.code === "INVALID_ANNOTATION" && /[\\/]node_modules[\\/].*[\\/]zod[\\/]/.test(warning.id ?? ""))
          return;
        warn(warning);
      },
    },
  },
  // @logto-hf/ui is a workspace package with React 19 among its dev dependencies: its components must use this app's
  // React 18.
  resolve: { dedupe: ["react", "react-dom"] },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    checkEnvAtStart,
    exitCleanlyOnCtrlC,
  ],
});
