export { ThirdPartyToken, ThirdPartyTokenError, type ThirdPartyTokenErrorCode } from "./client/third-party-token.js";
export { LogtoConfigError } from "./config/config-error.js";
export { loadLogtoConfig } from "./config/load-config.js";
export type { LogtoResource } from "./config/resources.js";
export {
  HUGGING_FACE_DIRECT_SIGN_IN,
  type LoadLogtoConfigOptions,
  type LogtoConfig,
  type LogtoEnv,
} from "./config/types.js";
export { type LogtoProfile, type LogtoUser, mapLogtoProfile } from "./core/profile.js";
export type { LogtoSession, SessionOrigin } from "./core/session-data.js";
export type { SessionEndedReason } from "./core/session-ended.js";
export { isSignInCancelled, signInErrorMessage } from "./core/sign-in-errors.js";
export { LogtoError, type LogtoErrorCode } from "./errors.js";
