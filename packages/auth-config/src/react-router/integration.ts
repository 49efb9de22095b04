import { data } from "react-router";
import type { LogtoConfig } from "../config/types.js";
import type { SignInFailure } from "../remix/context.js";
import { createLogtoLoaderAuth, type LogtoLoaderAuth, type LogtoRemixAuthOptions } from "../remix/integration.js";
import type { LogtoAuthRoutes } from "../remix/routes.js";

/** The route handlers of a React Router app, answering with `react-router`'s `data()`. */
export type LogtoReactRouterRoutes = LogtoAuthRoutes<
  ReturnType<typeof data<{ unavailable: true }>>,
  ReturnType<typeof data<SignInFailure>>
>;

/** What {@link LogtoReactRouterAuth} gives an app. */
export type LogtoReactRouterAuthResult = LogtoLoaderAuth<
  ReturnType<typeof data<{ unavailable: true }>>,
  ReturnType<typeof data<SignInFailure>>
>;

/** Options of {@link LogtoReactRouterAuth}: the same as Remix's. */
export type LogtoReactRouterAuthOptions = LogtoRemixAuthOptions;

/**
 * Logto sign-in for a React Router 7 app in framework mode (the successor of Remix 2), with zero-click SSO, single
 * logout and fresh tokens: the Remix integration, answering with React Router's `data()`. The app calls
 * `handleRequest` in its root loader and re-exports the routes.
 *
 * @param config - The app's configuration, from `loadLogtoConfig(process.env)`.
 * @param options - The app's short name.
 * @example
 * ```ts
 * // app/auth.server.ts
 * export const logto = LogtoReactRouterAuth(loadLogtoConfig(process.env), { name: "shop" });
 * // app/routes/auth.callback.tsx
 * export const { loader } = logto.routes.callback;
 * ```
 */
export function LogtoReactRouterAuth(
  config: LogtoConfig,
  options: LogtoReactRouterAuthOptions,
): LogtoReactRouterAuthResult {
  return createLogtoLoaderAuth(config, options, {
    unavailable: (init) => data({ unavailable: true as const }, init),
    failed: (failure, init) => data(failure, init),
  });
}
