import type { Env } from "./port.js";

/** One of the demo's three servers. */
export type DemoServer = "web" | "idp" | "remix";

/** One of the demo's two apps. */
export type DemoApp = "web" | "remix";

/**
 * Each server of the demo: the variable that moves its port, and its port otherwise (under `pnpm dev` and `pnpm start`
 * alike).
 */
export declare const demoServers: {
  readonly [server in DemoServer]: {
    readonly portVariable: "WEB_PORT" | "IDP_PORT" | "REMIX_PORT";
    readonly defaultPort: number;
  };
};

/**
 * The port `server` listens on under `env`.
 *
 * @throws Error naming the variable when it is not a port number
 */
export declare function demoPort(env: Env, server: DemoServer): number;

/** One demo app as an OAuth client of the local IdP (the shape of `@logto-hf/dev-idp`'s `IdpClient`). */
export interface DemoClient {
  clientId: DemoApp;
  clientSecret: string;
  /** Shown on the IdP's pages. */
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
}

/** Both demo apps as clients of the local IdP, on the ports of `env` (`WEB_PORT`, `REMIX_PORT`). */
export declare function demoClients(env: Env): DemoClient[];

/** What one demo app needs to run against the local IdP. */
export interface DemoAppSetup {
  /** `loadLogtoConfig`'s development defaults: the local IdP, the app's client there, a development session secret. */
  developmentDefaults: {
    AUTH_LOGTO_ISSUER: string;
    AUTH_LOGTO_ID: DemoApp;
    AUTH_LOGTO_SECRET: string;
    AUTH_SECRET: string;
    AUTH_URL: string;
  };
  /** Where the other app runs, for the cross-app link: `WEB_APP_URL` or `REMIX_APP_URL` when set, else on localhost. */
  otherAppUrl: string;
  /**
   * The Hugging Face Hub the demo's `/huggingface` page calls as the user: `HF_HUB_URL` when set, else the local IdP's
   * stand-in (`http://localhost:<IDP_PORT>/huggingface`) without `AUTH_LOGTO_ISSUER`, and `https://huggingface.co`
   * with it.
   */
  huggingFaceHubUrl: string;
}

/**
 * What `app` needs to run against the local IdP, on the ports of `env`. With `AUTH_LOGTO_ISSUER` set (a real Logto),
 * `IDP_PORT` is not read: a stray value must not stop the app.
 *
 * @throws Error naming the variable when a port or `WEB_APP_URL` / `REMIX_APP_URL` is wrong
 * @example
 * ```ts
 * const { developmentDefaults, otherAppUrl } = demoApp("web", process.env);
 * ```
 */
export declare function demoApp(app: DemoApp, env: Env): DemoAppSetup;
