export { LogtoDiscoveryError, type LogtoDiscoveryErrorCode, type LogtoIssuerMetadata } from "./client/discovery.js";
export type { LogtoIdTokenClaims, VerifyIdTokenOptions } from "./client/id-token.js";
export { type LogoutTokenClaims, LogoutTokenError, type LogoutTokenErrorReason } from "./client/logout-token.js";
export { LogtoClient, type LogtoClientOptions } from "./client/logto-client.js";
export type { SharedRefreshes } from "./client/refresh.js";
export { LogtoRefreshError, type LogtoRefreshErrorCode } from "./client/refresh-error.js";
export type { ResourceToken } from "./client/resource-code.js";
export { fetchThirdPartyToken } from "./client/third-party-token.js";
export type { LogtoClientCredentials, RefreshedTokens } from "./client/token-endpoint.js";
export type { UserinfoResult } from "./client/userinfo.js";
export type { LogtoConfigIssue } from "./config/config-error.js";
export { DEFAULT_SCOPES } from "./config/types.js";
export { type BackchannelLogoutOptions, handleBackchannelLogout } from "./core/backchannel.js";
export { AppCookies, type CookieLifetime } from "./core/cookies.js";
export {
  createLogtoApp,
  LogtoApp,
  type LogtoAppOptions,
  type SessionUpdate,
  type SignInResult,
} from "./core/logto-app.js";
export { isPageNavigation } from "./core/page-navigation.js";
export { logtoTimestampToDate } from "./core/profile.js";
export type { SessionKeyParts } from "./core/resource-token-cache.js";
export {
  type AccessTokenAnswer,
  RESOURCE_PARAM,
  ResourceTokens,
  type ResourceTokensOptions,
} from "./core/resource-tokens.js";
export { safeReturnTo } from "./core/return-to.js";
export { isSameOriginRequest } from "./core/same-origin.js";
export {
  accessTokenNeedsRenewal,
  type CheckLogtoSessionOptions,
  checkLogtoSession,
  DEFAULT_RENEWAL_MARGIN,
  DEFAULT_SESSION_CHECK_INTERVAL,
  type LogtoSessionCheck,
  type LogtoSessionState,
} from "./core/session-check.js";
export { type LogtoSessionData, sessionOrigin } from "./core/session-data.js";
export { SIGNED_OUT_LOGTO_UNREACHABLE } from "./core/sign-out.js";
export { type ProbeErrorOutcome, type ProbeState, SsoProbe, type SsoProbeOptions } from "./core/sso-probe.js";
export {
  HUGGING_FACE_TARGET,
  ThirdPartyTokens,
  type ThirdPartyTokensOptions,
} from "./core/third-party-tokens.js";
export { createFileRevocationStore, type FileRevocationStoreOptions } from "./stores/file-store.js";
export { type OpenRevocationStoreOptions, openRevocationStore } from "./stores/open-store.js";
export type { RevocableSession, RevocationStore } from "./stores/revocation-store.js";
