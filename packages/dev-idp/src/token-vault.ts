/**
 * Logto's secret vault for social token sets (`secrets` table, "federated token set"), for the Hugging Face
 * connector: what it stores at sign-in when the connector has token storage on, and the refresh Logto makes when the
 * Account API is asked for an expired token that has a refresh token.
 *
 * Logto encrypts each token set with a key wrapped by `SECRET_VAULT_KEK`; this development IdP keeps them as they are
 * in its data directory (the same file as its users and sessions).
 *
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/libraries/social.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/utils/secret-encryption.ts
 */
import { z } from "zod";
import type { JsonStore } from "./store.js";

const SECRETS_NS = "secrets";

/** A provider's token response, as Logto's connectors read it. */
export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.union([z.number(), z.string()]).optional(),
    scope: z.string().optional(),
    refresh_token: z.string().optional(),
  })
  .loose();

/** A provider's token response. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** A stored token set: the tokens, and Logto's metadata of them (`expiresAt` in epoch seconds). */
export interface StoredTokenSet {
  accessToken: string;
  refreshToken?: string;
  scope?: string;
  tokenType?: string;
  expiresAt?: number;
}

/** The token sets of one social connector (`target`), one per user, as Logto keeps them. */
export class TokenVault {
  constructor(
    private readonly store: JsonStore,
    /** The connector's target, e.g. `huggingface`. */
    readonly target: string,
  ) {}

  /** The user's token set, if Logto holds one. */
  find(userId: string): StoredTokenSet | undefined {
    return this.store.get<StoredTokenSet>(SECRETS_NS, this.#key(userId));
  }

  /**
   * Stores a token response for the user, replacing what was there (Logto's `upsertSocialTokenSetSecret`); `expiresAt`
   * is the time of the request plus `expires_in`. `keepRefreshToken` is the refresh token to keep when the response
   * brings no new one (Logto's refresh does that: some providers issue a refresh token only once).
   */
  save(userId: string, response: TokenResponse, keepRefreshToken?: string): StoredTokenSet {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn =
      typeof response.expires_in === "string" ? Number.parseInt(response.expires_in, 10) : response.expires_in;
    const refreshToken = response.refresh_token ?? keepRefreshToken;
    const set: StoredTokenSet = {
      accessToken: response.access_token,
      ...(refreshToken ? { refreshToken } : {}),
      ...(response.scope ? { scope: response.scope } : {}),
      ...(response.token_type ? { tokenType: response.token_type } : {}),
      ...(expiresIn !== undefined && Number.isFinite(expiresIn) ? { expiresAt: now + expiresIn } : {}),
    };
    this.store.set(SECRETS_NS, this.#key(userId), set);
    return set;
  }

  /** Forgets the user's token set (Logto deletes a set that expired with no refresh token). */
  delete(userId: string): void {
    this.store.delete(SECRETS_NS, this.#key(userId));
  }

  #key(userId: string): string {
    return `${userId}:${this.target}`;
  }
}
