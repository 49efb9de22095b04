export type Logger = Pick<Console, "info" | "warn" | "error">;

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
}

export interface HuggingFaceOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface StartIdpOptions {
  /** 0 = random free port; default 3001 */
  port?: number;
  /** default "127.0.0.1" */
  host?: string;
  /** default `http://localhost:${actualPort}`; issuer = `${publicOrigin}/oidc` */
  publicOrigin?: string;
  /** where keys, accounts and oidc-provider models persist; default apps/idp/.data */
  dataDir?: string;
  clients: IdpClient[];
  /** default: the built-in stand-in at `${publicOrigin}/huggingface` */
  huggingface?: HuggingFaceOptions;
  /** seconds; defaults 3600/3600/14d/14d */
  ttl?: { accessToken?: number; idToken?: number; refreshToken?: number; session?: number };
  /** default: generated once and persisted in dataDir */
  cookieKeys?: string[];
  /** default console */
  logger?: Logger;
}

export interface RunningIdp {
  origin: string;
  issuer: string;
  port: number;
  close(): Promise<void>;
}
