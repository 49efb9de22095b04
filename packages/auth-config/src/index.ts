export {
  DEFAULT_SCOPES,
  HUGGING_FACE_DIRECT_SIGN_IN,
  LogtoConfigError,
  loadLogtoConfig,
  type LoadLogtoConfigOptions,
  type LogtoConfig,
  type LogtoConfigIssue,
  type LogtoEnv,
} from "./config.js";
export { logtoTimestampToDate, mapLogtoProfile, type LogtoProfile, type LogtoUser } from "./profile.js";
export {
  discoverLogto,
  LogtoDiscoveryError,
  verifyLogtoIdToken,
  type LogtoIdTokenClaims,
  type LogtoIssuerMetadata,
  type VerifyIdTokenOptions,
} from "./oidc.js";
export { safeReturnTo } from "./return-to.js";
