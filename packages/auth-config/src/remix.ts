export { LogtoAuthenticationError, LogtoStrategy } from "./remix/strategy.js";
export {
  LogtoRemixAuth,
  REMIX_AUTH_PATHS,
  type LogtoRemixAuthOptions,
  type LogtoRemixAuthResult,
  type LogtoRemixSessionState,
} from "./remix/integration.js";
export type { LogtoRemixRoutes } from "./remix/routes.js";
export { createEncryptedCookie } from "./remix/encrypted-cookie.js";
export { signInErrorMessage, type LogtoSessionData } from "./app-session.js";
export { mapLogtoProfile, type LogtoProfile, type LogtoUser } from "./profile.js";
export type { LogtoIdTokenClaims, LogtoIssuerMetadata } from "./oidc.js";
