import type { RbacSeed } from "./rbac.js";

/** Where the IdP writes what it has to say: start-up problems, failed back-channel deliveries, server errors. */
export type Logger = Pick<Console, "info" | "warn" | "error">;

/** An application registered with the IdP, as in Logto Console (a "Traditional web" app). */
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where the IdP POSTs logout tokens (back-channel logout, session required). */
  backchannelLogoutUri?: string;
}

/** The real Hugging Face (or anything that speaks its OAuth endpoints) instead of the built-in stand-in. */
export interface HuggingFaceOptions {
  /** e.g. `https://huggingface.co` */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Options of `startIdp`. */
export interface StartIdpOptions {
  /** 0 = random free port; default 3001 */
  port?: number;
  /** default "127.0.0.1" */
  host?: string;
  /** default `http://localhost:${actualPort}`; issuer = `${publicOrigin}/oidc` */
  publicOrigin?: string;
  /** where keys, accounts and oidc-provider models persist (created if missing) */
  dataDir: string;
  clients: IdpClient[];
  /** default: the built-in stand-in at `${publicOrigin}/huggingface` */
  huggingface?: HuggingFaceOptions;
  /** seconds; defaults 3600/3600/14d/14d */
  ttl?: { accessToken?: number; idToken?: number; refreshToken?: number; session?: number };
  /** default: generated once and persisted in dataDir */
  cookieKeys?: string[];
  /** default console */
  logger?: Logger;
  /**
   * Logto's dev features (`DEV_FEATURES_ENABLED=true`): adds Logto 1.37's user-sessions routes
   * (`GET /api/users/:userId/sessions`, `DELETE /api/users/:userId/sessions/:sessionId?revokeGrants=true`), which
   * answer 404 without them. Default false, as in a Logto release.
   */
  devFeatures?: boolean;
  /**
   * Logto's `enableTokenStorage` of the Hugging Face connector (needs `SECRET_VAULT_KEK` in Logto): the connector's
   * token set is stored at each sign-in, for the Account API's
   * `GET /api/my-account/identities/huggingface/access-token`. Default true.
   */
  huggingfaceTokenStorage?: boolean;
  /**
   * The built-in stand-in's tokens: how long an access token lives (seconds; default 28800, 8 hours like Hugging
   * Face), and whether it issues refresh tokens (default true).
   */
  standIn?: { accessTokenTtl?: number; refreshTokens?: boolean };
  /**
   * API resources with their scopes, and roles granting them, created at start when missing (by indicator, scope
   * and role name); the Management API (`/api/resources`, `/api/roles`, `/api/users/:userId/roles`) changes them
   * afterwards, as in Logto. A role with `isDefault` is given to every new user.
   */
  rbacSeed?: RbacSeed;
}

/** A started IdP. */
export interface RunningIdp {
  /** The public origin, e.g. `http://localhost:3001`. */
  origin: string;
  /** `${origin}/oidc` */
  issuer: string;
  /** The port it listens on (the one chosen when `port` was 0). */
  port: number;
  /** Stops listening and flushes the store to disk. */
  close(): Promise<void>;
}
