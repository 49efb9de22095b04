import type { LogtoResource } from "./resources.js";

/**
 * The scopes requested from Logto unless configured otherwise. `offline_access` asks for a refresh token;
 * `identities` for the social accounts' own profiles in userinfo (Logto does not copy a Hugging Face username).
 */
export const DEFAULT_SCOPES = ["openid", "offline_access", "profile", "email", "identities"] as const;

/** The `direct_sign_in` value that skips Logto's sign-in page and goes straight to the Hugging Face connector. */
export const HUGGING_FACE_DIRECT_SIGN_IN = "social:huggingface";

/**
 * The validated configuration of one app's connection to Logto.
 *
 * @see https://docs.logto.io/integrate-logto/traditional-web for where each value comes from in Logto Console.
 */
export interface LogtoConfig {
  /** Logto's OpenID Connect issuer, e.g. `https://your-tenant.logto.app/oidc` (no trailing slash). */
  issuer: string;
  /** The App ID of this app's "Traditional web" application in Logto Console. */
  clientId: string;
  /** The App secret of that application. */
  clientSecret: string;
  /** The secret that signs or encrypts this app's own session cookie (at least 32 characters). */
  authSecret: string;
  /** The public origin of this app, e.g. `https://app.example.com`; redirect URIs are built from it. */
  appUrl: string;
  /** The scopes to request. @default ["openid", "offline_access", "profile", "email", "identities"] */
  scopes: string[];
  /**
   * Logto's `direct_sign_in` parameter, e.g. `"social:huggingface"` to skip Logto's sign-in page;
   * `undefined` shows Logto's page.
   */
  directSignIn: string | undefined;
  /** Whether anonymous page navigations try a silent sign-in (`prompt=none`). @default true */
  silentSignIn: boolean;
  /** After a silent sign-in found no Logto session, how long (seconds) before trying again. @default 300 */
  silentSignInRetryAfter: number;
  /**
   * How often (seconds) each session is checked with Logto, one userinfo request per session per interval, so
   * that a user suspended or a session revoked in Logto (which sends no back-channel logout) is signed out within
   * it; 0 turns the check off. @default 60
   */
  sessionCheckInterval: number;
  /**
   * The API resources this app calls as the signed-in user, with the scopes it asks for: `getAccessToken` gives a
   * token for one of them. @default []
   */
  resources?: LogtoResource[];
  /** A `redis://` URL: every instance of the app then shares revocations and refreshes through Redis. */
  redisUrl: string | undefined;
  /** Without {@link LogtoConfig.redisUrl}, the file that keeps revocations. @default ".data/revocations.json" */
  revocationFile: string;
  /** `true` when {@link LogtoConfig.issuer} came from the development defaults rather than the environment. */
  usesDevelopmentDefaults: boolean;
  /**
   * `true` unless `NODE_ENV=production`: a development server (`next dev`, `remix vite:dev`) on a loopback
   * `AUTH_URL` then stops when another running app on that host already has its `name`. @default false
   */
  development?: boolean;
}

/** The environment variables {@link loadLogtoConfig} reads, named as Auth.js names them. */
export interface LogtoEnv {
  AUTH_LOGTO_ISSUER?: string | undefined;
  AUTH_LOGTO_ID?: string | undefined;
  AUTH_LOGTO_SECRET?: string | undefined;
  AUTH_SECRET?: string | undefined;
  AUTH_URL?: string | undefined;
  /** Space-separated scopes; `openid` is always included. */
  AUTH_LOGTO_SCOPES?: string | undefined;
  /** A `direct_sign_in` value such as `social:huggingface`, or `off` to show Logto's sign-in page. */
  AUTH_LOGTO_DIRECT_SIGN_IN?: string | undefined;
  /** `on` (default) or `off`: silent sign-in on anonymous page navigations. */
  AUTH_LOGTO_SILENT_SIGN_IN?: string | undefined;
  /** Seconds before a visitor without a Logto session is probed again. Default 300. */
  AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER?: string | undefined;
  /** Seconds between checks of a session with Logto (userinfo); 0 turns them off. Default 60. */
  AUTH_LOGTO_SESSION_CHECK_INTERVAL?: string | undefined;
  /**
   * The API resources the app calls as the user, separated by commas, each its API identifier then its scopes, e.g.
   * `https://api.example.com read:notes write:notes`.
   */
  AUTH_LOGTO_RESOURCES?: string | undefined;
  /** `redis://` or `rediss://`: revocations shared by every instance of the app. */
  REDIS_URL?: string | undefined;
  /** Without REDIS_URL, the file that keeps revocations. Default `.data/revocations.json`. */
  AUTH_REVOCATION_FILE?: string | undefined;
  /**
   * The port this server listens on (Next.js sets it; remix-serve and most hosts read it). With a loopback
   * `AUTH_URL`, the two must agree: see {@link LoadLogtoConfigOptions.portVariable}.
   */
  PORT?: string | undefined;
  /**
   * `1`: this server is reached through a proxy, a load balancer or a port mapping that serves `AUTH_URL`, so its own
   * port may differ from `AUTH_URL`'s even on localhost. Default `0`.
   */
  AUTH_BEHIND_PROXY?: string | undefined;
}

/** Options of {@link loadLogtoConfig}. */
export interface LoadLogtoConfigOptions {
  /**
   * Values to use when `AUTH_LOGTO_ISSUER` is not set, pointing at a local development IdP. They never
   * apply once `AUTH_LOGTO_ISSUER` is set, so a real tenant cannot run with a demo secret by accident.
   */
  developmentDefaults?: Required<
    Pick<LogtoEnv, "AUTH_LOGTO_ISSUER" | "AUTH_LOGTO_ID" | "AUTH_LOGTO_SECRET" | "AUTH_SECRET" | "AUTH_URL">
  >;
  /** The `direct_sign_in` value used when `AUTH_LOGTO_DIRECT_SIGN_IN` is not set. @default undefined */
  defaultDirectSignIn?: string;
  /**
   * The variable that sets this server's port, named in the error when `PORT` disagrees with a loopback `AUTH_URL`
   * (`AUTH_URL is http://localhost:3000 but this server listens on port 3005: set PORT=3000 or change AUTH_URL`).
   * A loopback `AUTH_URL` is compared unless `AUTH_BEHIND_PROXY=1`; any other host is not compared, since a public
   * URL is served through a proxy, a load balancer or a port mapping that says nothing about this server's port.
   * @default "PORT"
   */
  portVariable?: string;
}
