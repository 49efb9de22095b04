/**
 * A stand-in for Hugging Face (OAuth endpoints, the Hub API routes the demo calls, avatars, a few seeded accounts with
 * their organizations and models), served under `/huggingface` by
 * the IdP's own HTTP server, so that the whole sign-in runs on a laptop with no Hugging Face account.
 */
import type { AppLink } from "../app-links.js";
import type { Router } from "../http.js";
import { sendAvatar } from "./avatars.js";
import { registerHubApi } from "./hub-api.js";
import { StandInOAuthEndpoints } from "./oauth-endpoints.js";

/** The IdP's OAuth application at the stand-in: its client ID. */
export const STANDIN_CLIENT_ID = "hf-standin-client";
/** The IdP's OAuth application at the stand-in: its client secret. */
export const STANDIN_CLIENT_SECRET = "hf-standin-secret";
/** Where the stand-in is served on the IdP's origin. */
export const STANDIN_BASE_PATH = "/huggingface";
/** The IdP's redirect URI path for the Hugging Face leg (the stand-in's or the real one's). */
export const HF_CALLBACK_PATH = "/interaction/callback/huggingface";

/** Options of {@link HuggingFaceStandIn}. */
export interface StandInOptions {
  /** The public origin of the server hosting the stand-in (and the IdP). */
  origin: string;
  /** The applications' home pages, offered on the stand-in's error page as the way back. */
  appLinks?: readonly AppLink[];
  /** How long its access tokens live, in seconds. @default 28800 (8 hours, like Hugging Face) */
  accessTokenTtl?: number | undefined;
  /** Whether it issues refresh tokens. @default true */
  refreshTokens?: boolean | undefined;
}

/** The stand-in, with the IdP registered as its only OAuth application. */
export class HuggingFaceStandIn {
  /** The stand-in's public base URL, `${origin}/huggingface`: what the browser is sent to. */
  readonly baseUrl: string;
  readonly #oauth: StandInOAuthEndpoints;
  readonly #clientName = "Logto (local)";

  constructor(opts: StandInOptions) {
    this.baseUrl = `${opts.origin}${STANDIN_BASE_PATH}`;
    this.#oauth = new StandInOAuthEndpoints({
      basePath: STANDIN_BASE_PATH,
      baseUrl: this.baseUrl,
      appLinks: opts.appLinks ?? [],
      ...(opts.accessTokenTtl !== undefined ? { accessTokenTtl: opts.accessTokenTtl } : {}),
      ...(opts.refreshTokens !== undefined ? { refreshTokens: opts.refreshTokens } : {}),
      clients: [
        {
          clientId: STANDIN_CLIENT_ID,
          clientSecret: STANDIN_CLIENT_SECRET,
          name: this.#clientName,
          redirectUris: [`${opts.origin}${HF_CALLBACK_PATH}`],
        },
      ],
    });
  }

  /** Adds the stand-in's routes to the IdP's router. */
  register(router: Router): void {
    this.#oauth.register(router);
    registerHubApi(router, {
      basePath: STANDIN_BASE_PATH,
      baseUrl: this.baseUrl,
      bearerToken: (authorization) => this.#oauth.bearerToken(authorization),
      clientName: () => this.#clientName,
    });
    router.get(`${STANDIN_BASE_PATH}/avatars/:file`, (_req, res, params) => sendAvatar(res, params.file ?? ""));
  }
}
