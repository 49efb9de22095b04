export {
  type LogtoSessionData,
  type SessionEndedReason,
  type SessionOrigin,
  SIGNED_OUT_LOGTO_UNREACHABLE,
  signInErrorMessage,
} from "./app-session.js";
export type { LogtoIdTokenClaims, LogtoIssuerMetadata } from "./oidc.js";
export { type LogtoProfile, type LogtoUser, mapLogtoProfile } from "./profile.js";
export { createEncryptedCookie } from "./remix/encrypted-cookie.js";
export {
  LogtoRemixAuth,
  type LogtoRemixAuthOptions,
  type LogtoRemixAuthResult,
  type LogtoRemixSessionState,
  REMIX_AUTH_PATHS,
} from "./remix/integration.js";
export type { LogtoRemixRoutes } from "./remix/routes.js";
export { LogtoAuthenticationError, LogtoStrategy } from "./remix/strategy.js";
