import { LogtoError } from "../errors.js";

/** The codes of {@link LogtoRefreshError}. */
export type LogtoRefreshErrorCode = "refresh.refused" | "refresh.unreachable" | "refresh.pending";

/**
 * Thrown when the IdP refuses a refresh (`refresh.refused`: revoked, expired or already used), when it cannot be
 * reached (`refresh.unreachable`), or when another instance of the app is still refreshing the same token
 * (`refresh.pending`).
 */
export class LogtoRefreshError extends LogtoError {
  override name = "LogtoRefreshError";
  declare readonly code: LogtoRefreshErrorCode;

  constructor(
    code: LogtoRefreshErrorCode,
    message: string,
    /** The OAuth error code of a refusal, e.g. `invalid_grant`. */
    readonly oauthError?: string,
  ) {
    super(code, message);
  }

  /** Whether the session stands and a later request may try again: nothing was refused. */
  get transient(): boolean {
    return this.code !== "refresh.refused";
  }
}
