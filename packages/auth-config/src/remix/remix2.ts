import { data } from "@remix-run/node";
import type { LogtoConfig } from "../config/types.js";
import type { SignInFailure } from "./context.js";
import { createLogtoLoaderAuth, type LogtoLoaderAuth, type LogtoRemixAuthOptions } from "./integration.js";
import type { LogtoAuthRoutes } from "./routes.js";

/** The route handlers of a Remix app, answering with `@remix-run/node`'s `data()`. */
export type LogtoRemixRoutes = LogtoAuthRoutes<
  ReturnType<typeof data<{ unavailable: true }>>,
  ReturnType<typeof data<SignInFailure>>
>;

/** What {@link LogtoRemixAuth} gives an app. */
export type LogtoRemixAuthResult = LogtoLoaderAuth<
  ReturnType<typeof data<{ unavailable: true }>>,
  ReturnType<typeof data<SignInFailure>>
>;

/**
 * Logto sign-in for a Remix 2 app, with zero-click SSO (`prompt=none` on anonymous page navigations), single logout
 * (end-session plus back-channel logout) and fresh tokens (refresh with rotation, revocation checked on every
 * request). The app calls `handleRequest` in its root loader and re-exports the routes.
 *
 * @param config - The app's configuration, from `loadLogtoConfig(process.env)`.
 * @param options - The app's short name.
 * @example
 * ```ts
 * // app/auth.server.ts
 * export const logto = LogtoRemixAuth(loadLogtoConfig(process.env), { name: "remix" });
 * // app/routes/auth.callback.tsx
 * export const { loader } = logto.routes.callback;
 * ```
 */
export function LogtoRemixAuth(config: LogtoConfig, options: LogtoRemixAuthOptions): LogtoRemixAuthResult {
  return createLogtoLoaderAuth(config, options, {
    unavailable: (init) => data({ unavailable: true as const }, init),
    failed: (failure, init) => data(failure, init),
  });
}
