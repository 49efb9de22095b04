export { SIGNED_OUT_LOGTO_UNREACHABLE } from "./core/sign-out.js";
export type { LogtoNextPages } from "./next-auth/context.js";
export { LogtoNextAuth, type LogtoNextAuthOptions, type LogtoNextAuthResult } from "./next-auth/integration.js";
export { Logto, type LogtoProviderOptions } from "./next-auth/provider.js";
export type { LogtoNextRoutes, RouteHandler } from "./next-auth/routes.js";
