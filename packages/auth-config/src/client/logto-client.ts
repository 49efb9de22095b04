import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { LogtoError } from "../errors.js";
import {
  fetchDiscoveryDocument,
  LogtoDiscoveryError,
  type LogtoIssuerMetadata,
  REQUEST_TIMEOUT_MS,
} from "./discovery.js";
import { type LogtoIdTokenClaims, verifyIdToken } from "./id-token.js";
import { type LogoutTokenClaims, verifyLogoutToken } from "./logout-token.js";
import { refreshOnce, type SharedRefreshes } from "./refresh.js";
import { fetchThirdPartyToken, type ThirdPartyToken } from "./third-party-token.js";
import { type LogtoClientCredentials, type RefreshedTokens, revokeToken } from "./token-endpoint.js";
import { fetchUserinfo, type UserinfoResult } from "./userinfo.js";

/** Options of {@link LogtoClient}. */
export interface LogtoClientOptions extends LogtoClientCredentials {
  /** Logto's issuer, e.g. `https://your-tenant.logto.app/oidc`. */
  issuer: string;
  /**
   * Called once when Logto's discovery shows a configuration error no retry heals: the issuer announces another
   * issuer (`127.0.0.1` for `localhost`, a missing `/oidc`), or has no discovery document.
   */
  onConfigurationError?: (error: LogtoDiscoveryError) => void;
}

interface Reachability {
  reachable: boolean;
  checkedAt: number;
  pending?: Promise<boolean> | undefined;
}

/**
 * One app's client of Logto: discovery, keys, reachability, ID and logout token verification, refresh, revocation,
 * userinfo and the end-session URL, each cache on the instance. Like openid-client's `Configuration`, everything
 * derived from the issuer is derived once, here.
 *
 * @example
 * ```ts
 * const client = new LogtoClient({ issuer, clientId, clientSecret });
 * const claims = await client.verifyIdToken(idToken);
 * ```
 */
export class LogtoClient {
  readonly issuer: string;
  readonly credentials: LogtoClientCredentials;
  readonly #onConfigurationError: ((error: LogtoDiscoveryError) => void) | undefined;
  #metadata: Promise<LogtoIssuerMetadata> | undefined;
  #keys: { uri: string; keys: JWTVerifyGetKey } | undefined;
  #reachability: Reachability | undefined;
  #configurationErrorReported = false;

  constructor(options: LogtoClientOptions) {
    this.issuer = options.issuer;
    this.credentials = { clientId: options.clientId, clientSecret: options.clientSecret };
    this.#onConfigurationError = options.onConfigurationError;
  }

  /**
   * Logto's metadata, fetched once and checked against the issuer (see `fetchDiscoveryDocument`). A failure is
   * not kept, so a later call tries again.
   *
   * @throws {LogtoDiscoveryError} when the document cannot be loaded or names another issuer.
   */
  metadata(): Promise<LogtoIssuerMetadata> {
    if (!this.#metadata) {
      const pending = fetchDiscoveryDocument(this.issuer);
      this.#metadata = pending;
      pending.catch((error: unknown) => {
        this.#metadata = undefined;
        if (error instanceof LogtoDiscoveryError && error.isConfigurationError && !this.#configurationErrorReported) {
          this.#configurationErrorReported = true;
          this.#onConfigurationError?.(error);
        }
      });
    }
    return this.#metadata;
  }

  /** Logto's signing keys, fetched on first use and again by jose when an unknown `kid` appears. */
  keys(metadata: LogtoIssuerMetadata): JWTVerifyGetKey {
    if (this.#keys?.uri !== metadata.jwks_uri) {
      const keys = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: REQUEST_TIMEOUT_MS });
      this.#keys = { uri: metadata.jwks_uri, keys };
    }
    return this.#keys.keys;
  }

  /**
   * Whether the issuer answered its discovery document within `timeoutMs`, remembered for `cacheFor` ms, so that a
   * silent sign-in is skipped rather than sent to a dead IdP. Concurrent asks share one request.
   *
   * @param options.timeoutMs - How long to wait for the IdP. @default 700
   * @param options.cacheFor - How long an answer is reused, in ms; 0 asks afresh. @default 1000
   */
  async isReachable({
    timeoutMs = 700,
    cacheFor = 1_000,
  }: {
    timeoutMs?: number;
    cacheFor?: number;
  } = {}): Promise<boolean> {
    const known = this.#reachability;
    if (known?.pending) return known.pending;
    if (known && Date.now() - known.checkedAt < cacheFor) return known.reachable;
    const pending = fetch(`${this.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) })
      .then(async (response) => {
        await response.body?.cancel();
        return response.ok;
      })
      .catch(() => false)
      .then((reachable) => {
        this.#reachability = { reachable, checkedAt: Date.now() };
        return reachable;
      });
    this.#reachability = { reachable: known?.reachable ?? false, checkedAt: known?.checkedAt ?? 0, pending };
    return pending;
  }

  /**
   * Verifies an ID token of this app (see `verifyIdToken`).
   *
   * @throws {LogtoError} `id_token.invalid`, or a {@link LogtoDiscoveryError}.
   */
  async verifyIdToken(idToken: string, options: { nonce?: string } = {}): Promise<LogtoIdTokenClaims> {
    const metadata = await this.metadata();
    return verifyIdToken(idToken, metadata, this.keys(metadata), { clientId: this.credentials.clientId, ...options });
  }

  /**
   * Verifies a back-channel logout token addressed to this app (see `verifyLogoutToken`).
   *
   * @throws {LogoutTokenError} when the token fails a check.
   */
  async verifyLogoutToken(logoutToken: string, options: { maxAgeSeconds?: number } = {}): Promise<LogoutTokenClaims> {
    const metadata = await this.metadata();
    return verifyLogoutToken(logoutToken, metadata, this.keys(metadata), {
      clientId: this.credentials.clientId,
      ...options,
    });
  }

  /**
   * Exchanges a refresh token once, across this process and, with `shared`, across instances (see `refreshOnce`).
   *
   * @throws {LogtoRefreshError} when the IdP refuses or cannot be reached, or another instance is still refreshing.
   */
  async refresh(refreshToken: string, shared?: SharedRefreshes): Promise<RefreshedTokens> {
    return refreshOnce(await this.metadata(), this.credentials, refreshToken, shared);
  }

  /**
   * Revokes a token (RFC 7009), typically the refresh token at sign-out: Logto keeps refresh tokens alive after its
   * session ends, so each app revokes its own. Never throws.
   *
   * @returns whether Logto confirmed the revocation.
   */
  async revoke(token: string, tokenTypeHint: "refresh_token" | "access_token" = "refresh_token"): Promise<boolean> {
    const metadata = await this.metadata().catch(() => undefined);
    return metadata ? revokeToken(metadata, this.credentials, token, tokenTypeHint) : false;
  }

  /** Calls Logto's userinfo endpoint with an access token. Never throws. */
  async userinfo(accessToken: string): Promise<UserinfoResult> {
    const metadata = await this.metadata().catch((error: Error) => error);
    if (metadata instanceof Error) return { ok: false, status: 0, error: metadata.message };
    return fetchUserinfo(metadata, accessToken);
  }

  /**
   * The token Logto stores for the user's `target` social identity, from Logto's Account API with the user's access
   * token (see `fetchThirdPartyToken`). No cache: `LogtoApp.thirdPartyToken` keeps the answer per session.
   *
   * @throws {ThirdPartyTokenError} for every answer but the token.
   */
  thirdPartyToken(accessToken: string, target: string): Promise<ThirdPartyToken> {
    return fetchThirdPartyToken(this.issuer, accessToken, target);
  }

  /**
   * The URL of Logto's end-session endpoint that ends Logto's session (and so every app's, through back-channel
   * logout) and comes back to `postLogoutRedirectUri`, registered as a post sign-out redirect URI, with `state` (when
   * given) added to it once the session has ended.
   *
   * @throws {LogtoError} `end_session.unsupported` when the issuer has no end-session endpoint.
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
   */
  async endSessionUrl({
    idTokenHint,
    postLogoutRedirectUri,
    state,
  }: {
    idTokenHint?: string | undefined;
    postLogoutRedirectUri: string;
    state?: string | undefined;
  }) {
    const metadata = await this.metadata();
    if (!metadata.end_session_endpoint) {
      throw new LogtoError("end_session.unsupported", `The issuer ${metadata.issuer} has no end_session_endpoint.`);
    }
    const url = new URL(metadata.end_session_endpoint);
    url.searchParams.set("client_id", this.credentials.clientId);
    url.searchParams.set("post_logout_redirect_uri", postLogoutRedirectUri);
    if (idTokenHint) url.searchParams.set("id_token_hint", idTokenHint);
    if (state) url.searchParams.set("state", state);
    return url.href;
  }
}
