export { type SessionOrigin, sessionOrigin } from "./app-session.js";
export { type BackchannelLogoutOptions, handleBackchannelLogout } from "./backchannel.js";
export {
  DEFAULT_SCOPES,
  HUGGING_FACE_DIRECT_SIGN_IN,
  type LoadLogtoConfigOptions,
  type LogtoConfig,
  LogtoConfigError,
  type LogtoConfigIssue,
  type LogtoEnv,
  loadLogtoConfig,
} from "./config.js";
export {
  type LogoutTokenClaims,
  LogoutTokenError,
  type LogoutTokenErrorReason,
  type VerifyLogoutTokenOptions,
  verifyLogoutToken,
} from "./logout-token.js";
export {
  discoverLogto,
  LogtoDiscoveryError,
  type LogtoDiscoveryErrorCode,
  type LogtoIdTokenClaims,
  type LogtoIssuerMetadata,
  onLogtoIssuerMismatch,
  type VerifyIdTokenOptions,
  verifyLogtoIdToken,
} from "./oidc.js";
export { type LogtoProfile, type LogtoUser, logtoTimestampToDate, mapLogtoProfile } from "./profile.js";
export { safeReturnTo } from "./return-to.js";
export type { RevocableSession, RevocationStore } from "./revocation.js";
export { createFileRevocationStore, type FileRevocationStoreOptions } from "./revocation-file.js";
export { type OpenRevocationStoreOptions, openRevocationStore } from "./revocation-open.js";
export { isSameOriginRequest } from "./same-origin.js";
export {
  accessTokenNeedsRenewal,
  type CheckLogtoSessionOptions,
  checkLogtoSession,
  DEFAULT_RENEWAL_MARGIN,
  DEFAULT_SESSION_CHECK_INTERVAL,
  type LogtoSessionCheck,
  type LogtoSessionState,
  nextSessionCheckAt,
} from "./session.js";
export { isIssuerReachable, isPageNavigation, type ProbeErrorOutcome, type ProbeState, SsoProbe, type SsoProbeOptions } from "./sso.js";
export {
  fetchLogtoUserinfo,
  type LogtoClientCredentials,
  LogtoRefreshError,
  logtoEndSessionUrl,
  type RefreshedTokens,
  refreshLogtoTokens,
  revokeLogtoToken,
  type SharedRefreshes,
} from "./tokens.js";
