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
  onLogtoIssuerMismatch,
  type LogtoDiscoveryErrorCode,
  verifyLogtoIdToken,
  type LogtoIdTokenClaims,
  type LogtoIssuerMetadata,
  type VerifyIdTokenOptions,
} from "./oidc.js";
export { safeReturnTo } from "./return-to.js";
export { isIssuerReachable, isPageNavigation, SsoProbe, type ProbeErrorOutcome, type ProbeState, type SsoProbeOptions } from "./sso.js";
export {
  fetchLogtoUserinfo,
  logtoEndSessionUrl,
  LogtoRefreshError,
  refreshLogtoTokens,
  revokeLogtoToken,
  type LogtoClientCredentials,
  type RefreshedTokens,
} from "./tokens.js";
export { handleBackchannelLogout, type BackchannelLogoutOptions } from "./backchannel.js";
export {
  LogoutTokenError,
  verifyLogoutToken,
  type LogoutTokenClaims,
  type LogoutTokenErrorReason,
  type VerifyLogoutTokenOptions,
} from "./logout-token.js";
export type { RevocableSession, RevocationStore } from "./revocation.js";
export { createFileRevocationStore, type FileRevocationStoreOptions } from "./revocation-file.js";
export { openRevocationStore, type OpenRevocationStoreOptions } from "./revocation-open.js";
export {
  accessTokenNeedsRenewal,
  checkLogtoSession,
  DEFAULT_RENEWAL_MARGIN,
  DEFAULT_SESSION_CHECK_INTERVAL,
  nextSessionCheckAt,
  type CheckLogtoSessionOptions,
  type LogtoSessionCheck,
  type LogtoSessionState,
} from "./session.js";
export { isSameOriginRequest } from "./same-origin.js";
