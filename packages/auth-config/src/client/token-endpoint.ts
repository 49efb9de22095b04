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
function basicAuth({ clientId, clientSecret }: LogtoClientCredentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/** What the token endpoint answered: its tokens, or its refusal (`error` is `http_<status>` without an OAuth error). */
export type TokenEndpointAnswer =
  | { ok: true; body: Record<string, unknown> & { access_token: string } }
  | { ok: false; error: string; description: string | undefined };

/**
 * One request to the token endpoint with the app's credentials (client_secret_basic).
 *
 * @throws the `fetch` error when Logto cannot be reached or does not answer in time.
 */
export async function requestTokens(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  params: Record<string, string>,
): Promise<TokenEndpointAnswer> {
  const response = await fetch(metadata.token_endpoint, {
    method: "POST",
    headers: {
      authorization: basicAuth(credentials),
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok && typeof body.access_token === "string")
    return { ok: true, body: { ...body, access_token: body.access_token } };
  return {
    ok: false,
    error: typeof body.error === "string" ? body.error : `http_${response.status}`,
    description: body.error_description ? String(body.error_description) : undefined,
  };
}

/** When a token from `body` expires, in epoch seconds (an hour when Logto gives no `expires_in`). */
export function expiresAtOf(body: Record<string, unknown>): number {
  return Math.floor(Date.now() / 1000) + (typeof body.expires_in === "number" ? body.expires_in : 3600);
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
  let answer: TokenEndpointAnswer;
  try {
    answer = await requestTokens(metadata, credentials, { grant_type: "refresh_token", refresh_token: refreshToken });
  } catch (cause) {
    throw new LogtoRefreshError(
      "refresh.unreachable",
      `Could not reach the token endpoint: ${(cause as Error).message}`,
    );
  }
  if (!answer.ok) {
    const description = answer.description ? ` (${answer.description})` : "";
    throw new LogtoRefreshError(
      "refresh.refused",
      `The IdP refused the refresh: ${answer.error}${description}`,
      answer.error,
    );
  }
  const { body } = answer;
  return {
    accessToken: body.access_token,
    accessTokenExpiresAt: expiresAtOf(body),
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
