export { LogtoError, type LogtoErrorCode } from "./errors.js";
export {
  AccessTokenError,
  accessTokenErrorResponse,
  createResourceServer,
  ResourceServer,
  type ResourceServerOptions,
  type VerifiedAccessToken,
} from "./resource-server/verify-access-token.js";
