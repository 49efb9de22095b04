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

export default defineConfig({
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
  ],
});
