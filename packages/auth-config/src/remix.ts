export { SIGNED_OUT_LOGTO_UNREACHABLE } from "./core/sign-out.js";
export { REMIX_AUTH_PATHS } from "./remix/context.js";
export { createEncryptedCookie } from "./remix/encrypted-cookie.js";
export {
  LogtoRemixAuth,
  type LogtoRemixAuthOptions,
  type LogtoRemixAuthResult,
  type LogtoRequestState,
} from "./remix/integration.js";
export type { LogtoRemixRoutes } from "./remix/routes.js";
export { LogtoAuthenticationError, LogtoStrategy } from "./remix/strategy.js";
