export { Logto, type LogtoProviderOptions } from "./next-auth/provider.js";
export {
  LogtoNextAuth,
  type LogtoNextAuthOptions,
  type LogtoNextAuthResult,
  type LogtoNextSession,
} from "./next-auth/integration.js";
export type { LogtoNextRoutes } from "./next-auth/routes.js";
export { SESSION_FRESH_COOKIE } from "./next-auth/session-fresh.js";
export { signInErrorMessage, type LogtoSessionData } from "./app-session.js";
export { mapLogtoProfile, type LogtoProfile, type LogtoUser } from "./profile.js";
