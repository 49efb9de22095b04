export { SIGNED_OUT_LOGTO_UNREACHABLE } from "./core/sign-out.js";
export { REMIX_AUTH_PATHS, type SignInFailure } from "./remix/context.js";
export {
  createEncryptedCookie,
  type EncryptedCookie,
  type EncryptedCookieOptions,
} from "./remix/encrypted-cookie.js";
export type { LogtoLoaderAuth, LogtoRemixAuthOptions, LogtoRequestState } from "./remix/integration.js";
export { LogtoRemixAuth, type LogtoRemixAuthResult, type LogtoRemixRoutes } from "./remix/remix2.js";
export type { LogtoAuthRoutes } from "./remix/routes.js";
export { LogtoAuthenticationError, LogtoStrategy } from "./remix/strategy.js";
