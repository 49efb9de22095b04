import type { ThirdPartyTokenErrorCode } from "./client/third-party-token.js";

/**
 * The stable codes of {@link LogtoError}: branch on these, never on a message.
 *
 * - `config.invalid`: an environment variable is missing or malformed ({@link LogtoConfigError}).
 * - `discovery.*`: Logto's discovery document could not be loaded or does not describe the configured issuer.
 * - `id_token.invalid`, `logout_token.invalid`: a token from Logto failed a check.
 * - `sign_in.invalid_response`: an authorization response failed an OpenID Connect check.
 * - `refresh.refused`, `refresh.unreachable`, `refresh.pending`: a token refresh did not give new tokens.
 * - `session_token.invalid`: an Auth.js session or check cookie could not be read.
 * - `store.*`: the revocation store could not record or answer; `store.not_durable` and `store.timeout`: a logout
 *   could not be kept where a restart would find it, in time, so it was not acknowledged.
 * - `end_session.unsupported`: the issuer has no end-session endpoint.
 * - `argument.invalid`: a function of the package was called with a value it cannot use.
 * - `internal.no_redirect`: a library the package drives did not answer as it should have.
 * - `third_party_token.*`: Logto did not hand over the token it stores for a social identity
 *   (`ThirdPartyTokenError`).
 * - `resource_token.*`: no access token for an API resource: `unknown_resource` (not in `AUTH_LOGTO_RESOURCES`),
 *   `signed_out`, `unreachable` (Logto does not answer), `login_required` (the Logto session ended: sign in again),
 *   `refused` (Logto refused the request).
 * - `access_token.*` (an API checking a token): `missing`, `invalid`, `insufficient_scope`, `unverifiable` (Logto's
 *   keys could not be fetched).
 */
export type LogtoErrorCode =
  | "config.invalid"
  | "discovery.unreachable"
  | "discovery.http_error"
  | "discovery.not_an_issuer"
  | "discovery.issuer_mismatch"
  | "discovery.invalid_document"
  | "id_token.invalid"
  | "logout_token.invalid"
  | "sign_in.invalid_response"
  | "refresh.refused"
  | "refresh.unreachable"
  | "refresh.pending"
  | "session_token.invalid"
  | "store.closed"
  | "store.lock_timeout"
  | "store.not_durable"
  | "store.timeout"
  | "store.invalid_file"
  | "store.unreachable"
  | "store.not_loaded"
  | "end_session.unsupported"
  | "argument.invalid"
  | "internal.no_redirect"
  | ThirdPartyTokenErrorCode
  | "resource_token.unknown_resource"
  | "resource_token.signed_out"
  | "resource_token.unreachable"
  | "resource_token.login_required"
  | "resource_token.refused"
  | "access_token.missing"
  | "access_token.invalid"
  | "access_token.insufficient_scope"
  | "access_token.unverifiable";

/**
 * The base of every error the package throws: `code` says what failed, the message says it in words and, where
 * there is one, what to change.
 *
 * @example
 * ```ts
 * try {
 *   loadLogtoConfig(process.env);
 * } catch (error) {
 *   if (error instanceof LogtoError && error.code === "config.invalid") process.exit(1);
 *   throw error;
 * }
 * ```
 */
export class LogtoError extends Error {
  override name = "LogtoError";
  constructor(
    /** A stable code for what failed. */
    readonly code: LogtoErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
