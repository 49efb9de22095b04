import type { LogtoIssuerMetadata } from "./oidc.js";
import { processWide } from "./process-wide.js";

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

/**
 * Thrown when the IdP refuses a refresh (`invalid_grant`: revoked, expired or already used), when it cannot be
 * reached (`network_error`), or when another instance of the app is still refreshing the same token
 * (`refresh_pending`).
 */
export class LogtoRefreshError extends Error {
  override name = "LogtoRefreshError";
  constructor(
    message: string,
    /** The OAuth error code, e.g. `invalid_grant`, or `network_error`, `refresh_pending`. */
    readonly code: string,
  ) {
    super(message);
  }

  /** Whether the session stands and a later request may try again: nothing was refused. */
  get transient(): boolean {
    return this.code === "network_error" || this.code === "refresh_pending";
  }
}

/**
 * Where the instances of an app agree that only one of them spends a refresh token, and hand the others its result.
 * The Redis revocation store offers one (`sharedRefreshes`); without it, refreshes are single-flight per process.
 */
export interface SharedRefreshes {
  /**
   * Runs `exchange` for `refreshToken` in one instance, and gives every instance asking with the same token its result.
   *
   * @throws {LogtoRefreshError} the exchange's error, or `refresh_pending` when another instance's refresh did not
   *   finish in time.
   */
  refresh(credentials: LogtoClientCredentials, refreshToken: string, exchange: () => Promise<RefreshedTokens>): Promise<RefreshedTokens>;
}

const REQUEST_TIMEOUT_MS = 5_000;
/** How long the result of a refresh is handed to late requests that still carry the old refresh token. */
export const REUSE_RESULT_MS = 30_000;
const refreshes = processWide("refreshes", () => new Map<string, Promise<RefreshedTokens>>());

function basicAuth({ clientId, clientSecret }: LogtoClientCredentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/**
 * Exchanges a refresh token for new tokens. Logto rotates refresh tokens and treats a second use of one as theft
 * (it revokes the whole grant, the new tokens included), so a token must be spent once: concurrent calls with the
 * same refresh token in this process share one request, calls arriving shortly after with that old token get the
 * same result, and with `shared` the instances of the app do the same among themselves.
 *
 * @param shared - Coordination across instances, e.g. the Redis store's `sharedRefreshes`.
 * @throws {LogtoRefreshError} when the IdP refuses or cannot be reached, or another instance is still refreshing.
 * @see https://datatracker.ietf.org/doc/html/rfc6749#section-6
 */
export function refreshLogtoTokens(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  refreshToken: string,
  shared?: SharedRefreshes,
): Promise<RefreshedTokens> {
  const key = `${credentials.clientId}:${refreshToken}`;
  const inFlight = refreshes.get(key);
  if (inFlight) return inFlight;
  const exchange = () => exchangeRefreshToken(metadata, credentials, refreshToken);
  const pending = shared ? shared.refresh(credentials, refreshToken, exchange) : exchange();
  refreshes.set(key, pending);
  pending.then(
    () => setTimeout(() => refreshes.delete(key), REUSE_RESULT_MS).unref(),
    () => refreshes.delete(key),
  );
  return pending;
}

/**
 * One refresh request to the token endpoint, with no coordination: {@link refreshLogtoTokens} is the one to call.
 *
 * @internal
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
    throw new LogtoRefreshError(`Could not reach the token endpoint: ${(cause as Error).message}`, "network_error");
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const code = typeof body.error === "string" ? body.error : `http_${response.status}`;
    throw new LogtoRefreshError(`The IdP refused the refresh: ${code}${body.error_description ? ` (${String(body.error_description)})` : ""}`, code);
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
 * Revokes a token at the IdP (RFC 7009), typically the refresh token at sign-out: Logto keeps refresh tokens
 * alive after its session ends, so each app revokes its own. Never throws: sign-out must go on when the IdP
 * is unreachable.
 *
 * @returns whether the IdP confirmed the revocation.
 * @see https://datatracker.ietf.org/doc/html/rfc7009
 */
export async function revokeLogtoToken(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  token: string,
  tokenTypeHint: "refresh_token" | "access_token" = "refresh_token",
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

/**
 * The URL of Logto's end-session endpoint that ends the IdP session (and so every app's, through back-channel
 * logout) and comes back to `postLogoutRedirectUri`, which must be registered as a post sign-out redirect URI.
 *
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
export function logtoEndSessionUrl(
  metadata: LogtoIssuerMetadata,
  { clientId, idTokenHint, postLogoutRedirectUri }: { clientId: string; idTokenHint?: string | undefined; postLogoutRedirectUri: string },
): string {
  if (!metadata.end_session_endpoint) throw new Error(`The issuer ${metadata.issuer} has no end_session_endpoint.`);
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("post_logout_redirect_uri", postLogoutRedirectUri);
  if (idTokenHint) url.searchParams.set("id_token_hint", idTokenHint);
  return url.href;
}

/**
 * Calls Logto's userinfo endpoint with an access token.
 *
 * @returns the claims, or an `error` when the token is refused.
 */
export async function fetchLogtoUserinfo(
  metadata: LogtoIssuerMetadata,
  accessToken: string,
): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; status: number; error: string }> {
  if (!metadata.userinfo_endpoint) return { ok: false, status: 0, error: "no userinfo_endpoint" };
  try {
    const response = await fetch(metadata.userinfo_endpoint, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, status: response.status, error: response.headers.get("www-authenticate") ?? `HTTP ${response.status}` };
    }
    return { ok: true, claims: (await response.json()) as Record<string, unknown> };
  } catch (cause) {
    return { ok: false, status: 0, error: (cause as Error).message };
  }
}
