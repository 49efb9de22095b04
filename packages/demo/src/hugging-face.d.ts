/** What the demo's `/huggingface` page shows: the user's Hugging Face data, or why there is none. */
export type HuggingFacePageData =
  | {
      status: "ok";
      /** Hugging Face's `whoami-v2`: the user and their organizations. */
      user: { name: string; fullname: string; avatarUrl: string; isPro: boolean };
      orgs: { name: string; fullname: string; roleInOrg: string }[];
      /** `GET /api/models?author=<name>`: the user's models, private ones when the token may read them. */
      models: { id: string; private: boolean; pipelineTag: string | null; downloads: number; likes: number }[];
      /** What the token allows (never the token). */
      token: { scopes: readonly string[]; expiresAt: number | null; role: string | null };
    }
  | {
      status: "no_token";
      /** The package's `ThirdPartyTokenError` code, e.g. `third_party_token.not_stored`. */
      code: string;
      message: string;
      /** Signing in again with Hugging Face is the way out. */
      needsReconnect: boolean;
    }
  | {
      status: "hub_error";
      /** Hugging Face's HTTP status; 0 when it did not answer. */
      httpStatus: number;
      message: string;
    };

/** The parts of the package's `ThirdPartyToken` the page uses. */
export interface HubToken {
  readonly accessToken: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number | undefined;
}

/**
 * Loads the page's data on the server: the user's Hugging Face token (from `getToken`, the package's
 * `getHuggingFaceToken`), then `whoami-v2` and the user's models at `hubUrl` with it. A `ThirdPartyTokenError` or a
 * Hub that refuses or does not answer becomes a state the page explains; nothing of the token leaves this function but
 * its scopes and expiry.
 */
export declare function loadHuggingFacePage(
  hubUrl: string,
  getToken: () => Promise<HubToken>,
): Promise<HuggingFacePageData>;
