import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { LogtoProfile } from "./profile.js";

/** The parts of Logto's OpenID Provider metadata this package uses. */
export interface LogtoIssuerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  id_token_signing_alg_values_supported?: string[];
  code_challenge_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
  backchannel_logout_supported?: boolean;
  backchannel_logout_session_supported?: boolean;
}

/** Claims of a verified Logto ID token. */
export type LogtoIdTokenClaims = JWTPayload & LogtoProfile & { iss: string; aud: string | string[]; exp: number; iat: number };

/** Why {@link discoverLogto} failed: only `unreachable` may heal by itself. */
export type LogtoDiscoveryErrorCode = "unreachable" | "http_error" | "not_an_issuer" | "issuer_mismatch" | "invalid_document";

/** Thrown when the issuer's metadata cannot be loaded or does not describe the configured issuer. */
export class LogtoDiscoveryError extends Error {
  override name = "LogtoDiscoveryError";
  constructor(
    message: string,
    /** A stable code for the failure. */
    readonly code: LogtoDiscoveryErrorCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const DISCOVERY_TIMEOUT_MS = 5_000;
const mismatchHandlers = new Set<(error: LogtoDiscoveryError) => void>();

/**
 * Calls `handler` whenever Logto turns out to announce another issuer than the one configured, or the configured
 * issuer has no discovery document (404): configuration errors that no retry heals. The integrations stop the app with the error's message, which names AUTH_LOGTO_ISSUER
 * and the issuer Logto announced.
 *
 * @returns a function that removes the handler.
 */
export function onLogtoIssuerMismatch(handler: (error: LogtoDiscoveryError) => void): () => void {
  mismatchHandlers.add(handler);
  return () => mismatchHandlers.delete(handler);
}
const metadataByIssuer = new Map<string, Promise<LogtoIssuerMetadata>>();
const keySetByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Fetches `<issuer>/.well-known/openid-configuration` once per issuer and process, and checks that it
 * describes that issuer (OpenID Connect Discovery §4.3). A failed fetch is not cached, so a later call
 * retries.
 *
 * @param issuer - Logto's issuer, e.g. `https://your-tenant.logto.app/oidc`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation
 */
export function discoverLogto(issuer: string): Promise<LogtoIssuerMetadata> {
  const cached = metadataByIssuer.get(issuer);
  if (cached) return cached;
  const pending = fetchMetadata(issuer);
  metadataByIssuer.set(issuer, pending);
  pending.catch(() => metadataByIssuer.delete(issuer));
  return pending;
}

async function fetchMetadata(issuer: string): Promise<LogtoIssuerMetadata> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new LogtoDiscoveryError(
      `Could not reach Logto at ${url} (${(cause as Error).message}). Check AUTH_LOGTO_ISSUER and that the issuer is running.`,
      "unreachable",
      { cause },
    );
  }
  if (response.status === 404) {
    const error = new LogtoDiscoveryError(
      `AUTH_LOGTO_ISSUER is ${JSON.stringify(issuer)}, but ${url} is not found: it is not a Logto issuer. Use the issuer shown in Logto Console, ending in /oidc.`,
      "not_an_issuer",
    );
    for (const handler of mismatchHandlers) handler(error);
    throw error;
  }
  if (!response.ok) {
    throw new LogtoDiscoveryError(
      `Logto's discovery document at ${url} answered HTTP ${response.status}. AUTH_LOGTO_ISSUER must be the issuer shown in Logto Console, ending in /oidc.`,
      "http_error",
    );
  }
  const metadata = (await response.json().catch(() => null)) as Partial<LogtoIssuerMetadata> | null;
  if (metadata?.issuer !== issuer) {
    const error = new LogtoDiscoveryError(
      `AUTH_LOGTO_ISSUER is ${JSON.stringify(issuer)}, but Logto announces the issuer ${JSON.stringify(metadata?.issuer)} at ${url}. Set AUTH_LOGTO_ISSUER to exactly that (same host, /oidc, no trailing slash).`,
      "issuer_mismatch",
    );
    for (const handler of mismatchHandlers) handler(error);
    throw error;
  }
  for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const) {
    if (typeof metadata[field] !== "string") {
      throw new LogtoDiscoveryError(`The discovery document at ${url} has no ${field}.`, "invalid_document");
    }
  }
  return metadata as LogtoIssuerMetadata;
}

/** The issuer's key set, fetched on first use and refreshed by jose when an unknown `kid` appears. */
export function logtoKeySet(metadata: LogtoIssuerMetadata): ReturnType<typeof createRemoteJWKSet> {
  let keySet = keySetByUri.get(metadata.jwks_uri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: DISCOVERY_TIMEOUT_MS });
    keySetByUri.set(metadata.jwks_uri, keySet);
  }
  return keySet;
}

/** Asymmetric algorithms only: `none` and HMAC (which would use the client secret as key) are refused. */
export function allowedSigningAlgorithms(metadata: LogtoIssuerMetadata): string[] {
  const advertised = metadata.id_token_signing_alg_values_supported ?? ["ES384", "RS256"];
  return advertised.filter((alg) => alg !== "none" && !alg.startsWith("HS"));
}

/** Options of {@link verifyLogtoIdToken}. */
export interface VerifyIdTokenOptions {
  /** The App ID the token must be issued to. */
  clientId: string;
  /** The nonce sent in the authorization request, when one was sent. */
  nonce?: string;
  /** Allowed clock skew in seconds. @default 30 */
  clockTolerance?: number;
}

/**
 * Verifies a Logto ID token as OpenID Connect Core §3.1.3.7 asks: signature against the issuer's JWKS with an
 * advertised asymmetric algorithm, `iss`, `aud` (and `azp` when there are several audiences), `exp`, `iat`,
 * and the `nonce` when one was sent.
 *
 * @returns the verified claims.
 * @throws when any check fails; the message says which.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function verifyLogtoIdToken(idToken: string, metadata: LogtoIssuerMetadata, options: VerifyIdTokenOptions): Promise<LogtoIdTokenClaims> {
  const { payload } = await jwtVerify(idToken, logtoKeySet(metadata), {
    issuer: metadata.issuer,
    audience: options.clientId,
    algorithms: allowedSigningAlgorithms(metadata),
    requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
    clockTolerance: options.clockTolerance ?? 30,
  });
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== options.clientId) {
    throw new Error(`ID token has several audiences and its azp is not ${options.clientId}.`);
  }
  if (options.nonce !== undefined && payload.nonce !== options.nonce) {
    throw new Error("ID token nonce does not match the nonce of the authorization request.");
  }
  return payload as LogtoIdTokenClaims;
}
