import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { LogtoError } from "../errors.js";
import type { LogtoIssuerMetadata } from "./discovery.js";
import { allowedSigningAlgorithms } from "./id-token.js";

/** The member of a logout token's `events` claim that marks it as a back-channel logout. */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** The claims of a verified logout token that say which sessions ended. */
export interface LogoutTokenClaims {
  /** The issuer, equal to the configured Logto issuer. */
  iss: string;
  /** The audience; contains this app's App ID. */
  aud: string | string[];
  /** When the token was issued, in seconds since the epoch. */
  iat: number;
  /** When the token expires, in seconds since the epoch. Logto 1.37 omits it. */
  exp?: number;
  /** The token's unique ID, for replay detection. */
  jti: string;
  /** The Logto session that ended; sessions whose ID token carried this `sid` are over. */
  sid?: string;
  /** The user whose sessions ended; used when there is no `sid`. */
  sub?: string;
}

/** Why a logout token was refused. Stable: safe to branch on and to log. */
export type LogoutTokenErrorReason =
  | "malformed"
  | "bad_signature"
  | "wrong_typ"
  | "wrong_issuer"
  | "wrong_audience"
  | "missing_iat"
  | "iat_in_future"
  | "not_yet_valid"
  | "too_old"
  | "expired"
  | "missing_jti"
  | "missing_events"
  | "has_nonce"
  | "missing_sid_and_sub"
  | "replayed";

/**
 * Thrown when a logout token is not valid. Its {@link LogoutTokenError.reason} is a stable code; its message
 * says what was wrong in words.
 */
export class LogoutTokenError extends LogtoError {
  override name = "LogoutTokenError";
  /**
   * @param reason - The stable code of the failed check.
   * @param message - What was wrong, readable by whoever operates the IdP.
   */
  constructor(
    readonly reason: LogoutTokenErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super("logout_token.invalid", message, options);
  }
}

/** Options of {@link verifyLogoutToken}. */
export interface VerifyLogoutTokenOptions {
  /** The App ID of this app; the token's `aud` must contain it. */
  clientId: string;
  /**
   * How old (by `iat`) a token may be, in seconds. Logto 1.37 sends no `exp`, so this bounds a token's life.
   * @default 120
   */
  maxAgeSeconds?: number;
  /** Allowed clock skew in seconds. @default 30 */
  clockTolerance?: number;
}

/** The default of {@link VerifyLogoutTokenOptions.maxAgeSeconds}, matching oidc-provider's `exp = iat + 120`. */
export const DEFAULT_LOGOUT_TOKEN_MAX_AGE = 120;
/** The default of {@link VerifyLogoutTokenOptions.clockTolerance}. */
export const DEFAULT_CLOCK_TOLERANCE = 30;

const LOGOUT_TYP = "logout+jwt";

/**
 * Validates a back-channel logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks: the signature
 * against the issuer's JWKS with an advertised asymmetric algorithm, the `typ: logout+jwt` header, `iss`,
 * `aud`, `iat` (not in the future, not older than `maxAgeSeconds`), `exp` when present, `jti`, the
 * back-channel logout `events` member, no `nonce`, and a `sid` or `sub`.
 *
 * It does not detect replays: record {@link LogoutTokenClaims.jti} in a store (see
 * `RevocationStore.rememberJti`) after this resolves, never before, so only genuine tokens take space.
 *
 * @param logoutToken - The `logout_token` form field the IdP posted.
 * @param metadata - Logto's metadata.
 * @param keys - Logto's keys (`LogtoClient.verifyLogoutToken` passes its own).
 * @param options - This app's App ID, the accepted token age and clock skew.
 * @returns the claims that say which sessions ended.
 * @throws {LogoutTokenError} when a check fails; `reason` names which.
 * @throws when the issuer's JWKS cannot be fetched (not the token's fault, so not a `LogoutTokenError`).
 * @example
 * ```ts
 * const claims = await client.verifyLogoutToken(form.get("logout_token"));
 * if (claims.sid) await store.revokeSession(claims.sid, expiresAt);
 * ```
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export async function verifyLogoutToken(
  logoutToken: string,
  metadata: LogtoIssuerMetadata,
  keys: JWTVerifyGetKey,
  options: VerifyLogoutTokenOptions,
): Promise<LogoutTokenClaims> {
  const maxAge = options.maxAgeSeconds ?? DEFAULT_LOGOUT_TOKEN_MAX_AGE;
  const tolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;

  let payload: JWTPayload;
  let typ: unknown;
  try {
    const verified = await jwtVerify(logoutToken, keys, {
      algorithms: allowedSigningAlgorithms(metadata),
      clockTolerance: tolerance,
    });
    payload = verified.payload;
    typ = verified.protectedHeader.typ;
  } catch (cause) {
    throw fromJoseError(cause);
  }

  // Explicit typing keeps an ID token or access token of the same issuer from passing as a logout token.
  if (typeof typ !== "string" || typ.toLowerCase().replace(/^application\//, "") !== LOGOUT_TYP) {
    throw new LogoutTokenError(
      "wrong_typ",
      `Logout token header typ is ${JSON.stringify(typ)}, expected "${LOGOUT_TYP}".`,
    );
  }
  if (payload.iss !== metadata.issuer) {
    throw new LogoutTokenError(
      "wrong_issuer",
      `Logout token issuer is ${JSON.stringify(payload.iss)}, expected ${JSON.stringify(metadata.issuer)}.`,
    );
  }
  const audiences = typeof payload.aud === "string" ? [payload.aud] : payload.aud;
  if (!Array.isArray(audiences) || !audiences.includes(options.clientId)) {
    throw new LogoutTokenError(
      "wrong_audience",
      `Logout token audience ${JSON.stringify(payload.aud)} does not contain this app's App ID ${JSON.stringify(options.clientId)}.`,
    );
  }

  const now = Math.floor(Date.now() / 1000);
  const { iat } = payload;
  if (iat === undefined) throw new LogoutTokenError("missing_iat", "Logout token has no iat claim.");
  if (iat > now + tolerance) {
    throw new LogoutTokenError("iat_in_future", `Logout token iat is ${iat - now} s in the future; check the clocks.`);
  }
  if (now - iat > maxAge + tolerance) {
    throw new LogoutTokenError(
      "too_old",
      `Logout token was issued ${now - iat} s ago; at most ${maxAge} s are accepted.`,
    );
  }

  const { jti } = payload;
  if (typeof jti !== "string" || jti === "")
    throw new LogoutTokenError("missing_jti", "Logout token has no jti claim.");

  const events = payload.events;
  const event = isObject(events) ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (!isObject(event)) {
    throw new LogoutTokenError(
      "missing_events",
      `Logout token events claim has no ${JSON.stringify(BACKCHANNEL_LOGOUT_EVENT)} member with an object value.`,
    );
  }
  if (Object.hasOwn(payload, "nonce")) {
    // §2.4: a nonce is prohibited so that an ID token can never be used as a logout token.
    throw new LogoutTokenError("has_nonce", "Logout token has a nonce claim, which logout tokens must not have.");
  }

  const { sid, sub } = payload;
  if ((sid !== undefined && typeof sid !== "string") || (sub !== undefined && typeof sub !== "string")) {
    throw new LogoutTokenError("malformed", "Logout token sid and sub claims must be strings.");
  }
  if (!sid && !sub)
    throw new LogoutTokenError("missing_sid_and_sub", "Logout token has neither a sid nor a sub claim.");

  return {
    iss: metadata.issuer,
    aud: payload.aud as string | string[],
    iat,
    ...(payload.exp !== undefined ? { exp: payload.exp } : {}),
    jti,
    ...(sid ? { sid } : {}),
    ...(sub ? { sub } : {}),
  };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Maps jose's errors about the token to a {@link LogoutTokenError}; errors about fetching keys pass through. */
function fromJoseError(cause: unknown): unknown {
  if (!(cause instanceof errors.JOSEError)) return cause;
  const detail = cause.message;
  switch (cause.code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new LogoutTokenError("bad_signature", `Logout token is not signed by the issuer: ${detail}.`, { cause });
    case "ERR_JWT_EXPIRED":
      return new LogoutTokenError("expired", "Logout token has expired (exp is in the past).", { cause });
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (
        cause instanceof errors.JWTClaimValidationFailed &&
        cause.claim === "nbf" &&
        cause.reason === "check_failed"
      ) {
        return new LogoutTokenError("not_yet_valid", "Logout token is not valid yet (nbf is in the future).", {
          cause,
        });
      }
      return new LogoutTokenError("malformed", `Logout token is malformed: ${detail}.`, { cause });
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return new LogoutTokenError("malformed", `Logout token is not a signed JWT: ${detail}.`, { cause });
    default:
      return cause;
  }
}
