export { SIGNED_OUT_LOGTO_UNREACHABLE } from "./core/sign-out.js";
export {
  LogtoReactRouterAuth,
  type LogtoReactRouterAuthOptions,
  type LogtoReactRouterAuthResult,
  type LogtoReactRouterRoutes,
} from "./react-router/integration.js";
export { REMIX_AUTH_PATHS as AUTH_ROUTE_PATHS, type SignInFailure } from "./remix/context.js";
export type { LogtoLoaderAuth, LogtoRequestState } from "./remix/integration.js";
export type { LogtoAuthRoutes } from "./remix/routes.js";
export { LogtoAuthenticationError, LogtoStrategy } from "./remix/strategy.js";
