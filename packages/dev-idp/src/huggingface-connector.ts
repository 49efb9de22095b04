/**
 * The Hugging Face connector as the Account API uses it: its token storage switch (Logto's `enableTokenStorage`), and
 * the refresh of a stored token at Hugging Face's token endpoint (Logto's OAuth 2.0 connector's
 * `getAccessTokenByRefreshToken`: `grant_type=refresh_token`, HTTP Basic client authentication).
 */
import type { TokenStorageConnector } from "./account-api.js";
import type { HuggingFaceLeg } from "./interactions.js";
import { type TokenResponse, tokenResponseSchema } from "./token-vault.js";

const REFRESH_TIMEOUT_MS = 10_000;

/** The connector of `leg`, with token storage on or off. */
export function huggingFaceConnector(leg: HuggingFaceLeg, tokenStorage: boolean): TokenStorageConnector {
  return {
    tokenStorage,
    async refresh(refreshToken: string): Promise<TokenResponse> {
      const basic = Buffer.from(`${encodeURIComponent(leg.clientId)}:${encodeURIComponent(leg.clientSecret)}`);
      const response = await fetch(`${leg.serverBaseUrl}/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${basic.toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
        signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
        redirect: "manual",
      });
      const json: unknown = await response.json().catch(() => undefined);
      if (!response.ok) throw new Error(`Hugging Face refused the refresh (HTTP ${response.status}).`);
      return tokenResponseSchema.parse(json);
    },
  };
}
