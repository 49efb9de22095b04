import { LogtoError } from "../errors.js";

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

/** The codes of {@link LogtoDiscoveryError}: only `discovery.unreachable` may heal by itself. */
export type LogtoDiscoveryErrorCode =
  | "discovery.unreachable"
  | "discovery.http_error"
  | "discovery.not_an_issuer"
  | "discovery.issuer_mismatch"
  | "discovery.invalid_document";

/** Thrown when the issuer's metadata cannot be loaded or does not describe the configured issuer. */
export class LogtoDiscoveryError extends LogtoError {
  override name = "LogtoDiscoveryError";
  declare readonly code: LogtoDiscoveryErrorCode;

  /** A configuration error that no retry heals: the issuer is not Logto's, or Logto announces another one. */
  get isConfigurationError(): boolean {
    return this.code === "discovery.not_an_issuer" || this.code === "discovery.issuer_mismatch";
  }
}

/** How long a request to Logto may take, in milliseconds. */
export const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Fetches `<issuer>/.well-known/openid-configuration` and checks that it describes that issuer (OpenID Connect
 * Discovery §4.3). No cache: `LogtoClient.metadata()` keeps the answer.
 *
 * @param issuer - Logto's issuer, e.g. `https://your-tenant.logto.app/oidc`.
 * @throws {LogtoDiscoveryError} naming AUTH_LOGTO_ISSUER and what to change.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation
 */
export async function fetchDiscoveryDocument(issuer: string): Promise<LogtoIssuerMetadata> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (cause) {
    const message =
      `Could not reach Logto at ${url} (${(cause as Error).message}). ` +
      "Check AUTH_LOGTO_ISSUER and that the issuer is running.";
    throw new LogtoDiscoveryError("discovery.unreachable", message, { cause });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new LogtoDiscoveryError(
      "discovery.not_an_issuer",
      `AUTH_LOGTO_ISSUER is ${JSON.stringify(issuer)}, but ${url} is not found: it is not a Logto issuer. ` +
        "Use the issuer shown in Logto Console, ending in /oidc.",
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new LogtoDiscoveryError(
      "discovery.http_error",
      `Logto's discovery document at ${url} answered HTTP ${response.status}. ` +
        "AUTH_LOGTO_ISSUER must be the issuer shown in Logto Console, ending in /oidc.",
    );
  }
  const metadata = (await response.json().catch(() => null)) as Partial<LogtoIssuerMetadata> | null;
  if (metadata?.issuer !== issuer) {
    throw new LogtoDiscoveryError(
      "discovery.issuer_mismatch",
      `AUTH_LOGTO_ISSUER is ${JSON.stringify(issuer)}, but Logto announces the issuer ` +
        `${JSON.stringify(metadata?.issuer)} at ${url}. Set AUTH_LOGTO_ISSUER to exactly that (same host, /oidc, ` +
        "no trailing slash).",
    );
  }
  for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const) {
    if (typeof metadata[field] !== "string") {
      throw new LogtoDiscoveryError("discovery.invalid_document", `The discovery document at ${url} has no ${field}.`);
    }
  }
  return metadata as LogtoIssuerMetadata;
}
