import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { LogtoProfile } from "../core/profile.js";
import { LogtoError } from "../errors.js";
import type { LogtoIssuerMetadata } from "./discovery.js";

/** Claims of a verified Logto ID token. */
export type LogtoIdTokenClaims = JWTPayload &
  LogtoProfile & { iss: string; aud: string | string[]; exp: number; iat: number };

/** Options of {@link verifyIdToken}. */
export interface VerifyIdTokenOptions {
  /** The App ID the token must be issued to. */
  clientId: string;
  /** The nonce sent in the authorization request, when one was sent. */
  nonce?: string;
  /** Allowed clock skew in seconds. @default 30 */
  clockTolerance?: number;
}

/** Asymmetric algorithms only: `none` and HMAC (which would use the client secret as key) are refused. */
export function allowedSigningAlgorithms(metadata: LogtoIssuerMetadata): string[] {
  const advertised = metadata.id_token_signing_alg_values_supported ?? ["ES384", "RS256"];
  return advertised.filter((alg) => alg !== "none" && !alg.startsWith("HS"));
}

/**
 * Verifies a Logto ID token as OpenID Connect Core §3.1.3.7 asks: signature against the issuer's keys with an
 * advertised asymmetric algorithm, `iss`, `aud` (and `azp` when there are several audiences), `exp`, `iat`,
 * and the `nonce` when one was sent. `LogtoClient.verifyIdToken` is the one to call.
 *
 * @returns the verified claims.
 * @throws {LogtoError} `id_token.invalid` when any check fails; the message says which.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function verifyIdToken(
  idToken: string,
  metadata: LogtoIssuerMetadata,
  keys: JWTVerifyGetKey,
  options: VerifyIdTokenOptions,
): Promise<LogtoIdTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: metadata.issuer,
      audience: options.clientId,
      algorithms: allowedSigningAlgorithms(metadata),
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
      clockTolerance: options.clockTolerance ?? 30,
    }));
  } catch (cause) {
    // Fetching Logto's keys failed: not the token's fault, so not an `id_token.invalid`.
    const keysUnavailable = cause instanceof errors.JWKSTimeout || cause instanceof errors.JWKSInvalid;
    if (!(cause instanceof errors.JOSEError) || keysUnavailable) throw cause;
    throw new LogtoError("id_token.invalid", `The ID token is not valid: ${cause.message}`, { cause });
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== options.clientId) {
    throw new LogtoError("id_token.invalid", `ID token has several audiences and its azp is not ${options.clientId}.`);
  }
  if (options.nonce !== undefined && payload.nonce !== options.nonce) {
    throw new LogtoError("id_token.invalid", "ID token nonce does not match the nonce of the authorization request.");
  }
  return payload as LogtoIdTokenClaims;
}
