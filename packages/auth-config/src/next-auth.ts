export {
  type LogtoSessionData,
  type SessionEndedReason,
  type SessionOrigin,
  SIGNED_OUT_LOGTO_UNREACHABLE,
  signInErrorMessage,
} from "./app-session.js";
export {
  LogtoNextAuth,
  type LogtoNextAuthOptions,
  type LogtoNextAuthResult,
  type LogtoNextSession,
} from "./next-auth/integration.js";
export { Logto, type LogtoProviderOptions } from "./next-auth/provider.js";
export type { LogtoNextRoutes } from "./next-auth/routes.js";
export { SESSION_FRESH_COOKIE } from "./next-auth/session-fresh.js";
export { type LogtoProfile, type LogtoUser, mapLogtoProfile } from "./profile.js";
