import { processWide } from "../util/process-wide.js";
import type { LogtoIssuerMetadata } from "./discovery.js";
import { exchangeRefreshToken, type LogtoClientCredentials, type RefreshedTokens } from "./token-endpoint.js";

/**
 * Where the instances of an app agree that only one of them spends a refresh token, and hand the others its result.
 * The Redis revocation store offers one (`sharedRefreshes`); without it, refreshes are single-flight per process.
 */
export interface SharedRefreshes {
  /**
   * Runs `exchange` for `refreshToken` in one instance, and gives every instance asking with the same token its result.
   *
   * @throws {LogtoRefreshError} the exchange's error, or `refresh.pending` when another instance's refresh did not
   *   finish in time.
   */
  refresh(
    credentials: LogtoClientCredentials,
    refreshToken: string,
    exchange: () => Promise<RefreshedTokens>,
  ): Promise<RefreshedTokens>;
}

/** How long the result of a refresh is handed to late requests that still carry the old refresh token. */
export const REUSE_RESULT_MS = 30_000;

// Process-wide: Next.js's proxy and pages are separate bundles of one process, and must not each spend one token.
const refreshes = processWide("refreshes", () => new Map<string, Promise<RefreshedTokens>>());

/**
 * Exchanges a refresh token for new tokens. Logto rotates refresh tokens and treats a second use of one as theft
 * (it revokes the whole grant, the new tokens included), so a token must be spent once: concurrent calls with the
 * same refresh token in this process share one request, calls arriving shortly after with that old token get the
 * same result, and with `shared` the instances of the app do the same among themselves.
 *
 * @throws {LogtoRefreshError} when the IdP refuses or cannot be reached, or another instance is still refreshing.
 */
export function refreshOnce(
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
