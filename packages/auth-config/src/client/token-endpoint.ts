import type { LogtoIssuerMetadata } from "./discovery.js";
import { REQUEST_TIMEOUT_MS } from "./discovery.js";
import { LogtoRefreshError } from "./refresh-error.js";

/** The client credentials of one app, as registered in Logto Console. */
export interface LogtoClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Tokens after a refresh. */
export interface RefreshedTokens {
  accessToken: string;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** The rotated refresh token (Logto rotates them), or the old one when the IdP did not send a new one. */
  refreshToken: string;
  /** A fresh ID token, when the IdP sent one. */
  idToken?: string;
}

/** The `Authorization` header of client_secret_basic (RFC 6749 §2.3.1: each part form-encoded). */
export function basicAuth({ clientId, clientSecret }: LogtoClientCredentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/**
 * One refresh request to the token endpoint, with no coordination: `LogtoClient.refresh` is the one to call.
 *
 * @throws {LogtoRefreshError} `refresh.refused` or `refresh.unreachable`.
 * @see https://datatracker.ietf.org/doc/html/rfc6749#section-6
 */
export async function exchangeRefreshToken(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  refreshToken: string,
): Promise<RefreshedTokens> {
  let response: Response;
  try {
    response = await fetch(metadata.token_endpoint, {
      method: "POST",
      headers: {
        authorization: basicAuth(credentials),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new LogtoRefreshError(
      "refresh.unreachable",
      `Could not reach the token endpoint: ${(cause as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const oauthError = typeof body.error === "string" ? body.error : `http_${response.status}`;
    const description = body.error_description ? ` (${String(body.error_description)})` : "";
    throw new LogtoRefreshError(
      "refresh.refused",
      `The IdP refused the refresh: ${oauthError}${description}`,
      oauthError,
    );
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    accessTokenExpiresAt: Math.floor(Date.now() / 1000) + expiresIn,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : refreshToken,
    ...(typeof body.id_token === "string" ? { idToken: body.id_token } : {}),
  };
}

/**
 * Revokes a token at the IdP (RFC 7009). Never throws: sign-out must go on when the IdP is unreachable.
 *
 * @returns whether the IdP confirmed the revocation.
 * @see https://datatracker.ietf.org/doc/html/rfc7009
 */
export async function revokeToken(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  token: string,
  tokenTypeHint: "refresh_token" | "access_token",
): Promise<boolean> {
  if (!metadata.revocation_endpoint) return false;
  try {
    const response = await fetch(metadata.revocation_endpoint, {
      method: "POST",
      headers: { authorization: basicAuth(credentials), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, token_type_hint: tokenTypeHint }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
