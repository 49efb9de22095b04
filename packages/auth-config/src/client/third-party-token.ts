import { inspect } from "node:util";
import { LogtoError } from "../errors.js";
import { REQUEST_TIMEOUT_MS } from "./discovery.js";

/**
 * The codes of {@link ThirdPartyTokenError}, one per answer of Logto's Account API (and one for no answer):
 *
 * - `third_party_token.not_stored` (404 `secrets.third_party_token_set.token_not_found`): Logto holds no token for
 *   this identity: the user signs in again with the provider, and the connector must have token storage on.
 * - `third_party_token.expired` (401 `secrets.third_party_token_set.access_token_expired`): the stored token expired
 *   and Logto had no refresh token; Logto deleted it: the user reconnects.
 * - `third_party_token.refresh_failed` (5xx `connector.*`): Logto tried to renew the stored token and the provider
 *   refused: the user reconnects.
 * - `third_party_token.storage_not_configured` (422 `connector.token_storage_not_supported`): the connector's token
 *   storage is off: the admin turns it on.
 * - `third_party_token.account_center_disabled` (400 `account_center.not_enabled`): the admin enables the Account
 *   Center.
 * - `third_party_token.session_ended` (401 `auth.*`, or no session): Logto refused the session's access token: the
 *   user signs in again.
 * - `third_party_token.forbidden` (403 `auth.forbidden`): the session's access token lacks a scope the Account API
 *   requires.
 * - `third_party_token.logto_unreachable`: no answer, a timeout, or a server error of Logto's own.
 * - `third_party_token.invalid_response`: an answer this package does not know (an older Logto, a proxy's page).
 */
export type ThirdPartyTokenErrorCode =
  | "third_party_token.not_stored"
  | "third_party_token.expired"
  | "third_party_token.refresh_failed"
  | "third_party_token.storage_not_configured"
  | "third_party_token.account_center_disabled"
  | "third_party_token.session_ended"
  | "third_party_token.forbidden"
  | "third_party_token.logto_unreachable"
  | "third_party_token.invalid_response";

/**
 * Thrown when Logto does not hand over the token it stores for a user's social identity: `code` says why (see
 * {@link ThirdPartyTokenErrorCode}), the message says what to do. It never carries a token.
 *
 * @example
 * ```ts
 * try {
 *   const hf = await logto.getHuggingFaceToken();
 * } catch (error) {
 *   if (error instanceof ThirdPartyTokenError && error.needsReconnect) return showReconnect();
 *   throw error;
 * }
 * ```
 */
export class ThirdPartyTokenError extends LogtoError {
  override name = "ThirdPartyTokenError";
  declare readonly code: ThirdPartyTokenErrorCode;

  constructor(
    code: ThirdPartyTokenErrorCode,
    message: string,
    /** The social connector's target, e.g. `huggingface`. */
    readonly target: string,
    /** Logto's answer: its HTTP status (0 when it gave none) and its error code, e.g. `account_center.not_enabled`. */
    readonly logto: { status: number; code?: string | undefined },
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }

  /** Whether signing in again with the provider (or with Logto) is what gets a token: the user can act on it. */
  get needsReconnect(): boolean {
    return (
      this.code === "third_party_token.not_stored" ||
      this.code === "third_party_token.expired" ||
      this.code === "third_party_token.refresh_failed" ||
      this.code === "third_party_token.session_ended"
    );
  }
}

/**
 * The access token Logto stores for a user's social identity, e.g. their Hugging Face token, for server code that
 * calls the provider's API as the user. Its JSON form and its `console.log` form leave the token out, so that it does
 * not reach a page or a log by accident; read `accessToken` where the call is made.
 */
export class ThirdPartyToken {
  readonly #accessToken: string;
  /** The scopes the provider granted, as Logto stored them (empty when the provider did not say). */
  readonly scopes: readonly string[];
  /** The token type the provider gave, e.g. `bearer`. */
  readonly tokenType: string | undefined;
  /** When the token expires, epoch seconds; `undefined` when the provider gave no lifetime. */
  readonly expiresAt: number | undefined;

  constructor(init: { accessToken: string; scopes: readonly string[]; tokenType?: string; expiresAt?: number }) {
    this.#accessToken = init.accessToken;
    this.scopes = Object.freeze([...init.scopes]);
    this.tokenType = init.tokenType;
    this.expiresAt = init.expiresAt;
  }

  /** The token itself: `Authorization: Bearer <accessToken>` at the provider's API. Never send it to a page or a log. */
  get accessToken(): string {
    return this.#accessToken;
  }

  /** Everything but the token. */
  toJSON(): { scopes: readonly string[]; tokenType: string | undefined; expiresAt: number | undefined } {
    return { scopes: this.scopes, tokenType: this.tokenType, expiresAt: this.expiresAt };
  }

  [inspect.custom](): string {
    return `ThirdPartyToken ${inspect(this.toJSON())}`;
  }
}

/** Logto's `{ code, message }` error body, as far as it is one. */
interface LogtoErrorBody {
  code?: string;
  message?: string;
}

/**
 * Asks Logto's Account API for the token Logto stores for the user's `target` identity:
 * `GET <Logto origin>/api/my-account/identities/<target>/access-token` with the user's own Logto access token (opaque,
 * `openid` scope). Logto answers the stored token, renews an expired one when it holds a refresh token, or says why
 * not. Needs Logto ≥ 1.30 with the connector's token storage on (`SECRET_VAULT_KEK`) and the Account Center enabled.
 *
 * @param issuer - Logto's issuer, `<origin>/oidc`: the Account API is at the origin.
 * @param accessToken - The user's Logto access token (the session's, never a page's).
 * @param target - The social connector's target, e.g. `huggingface`.
 * @throws {ThirdPartyTokenError} for every answer but the token.
 * @see https://docs.logto.io/secret-vault/federated-token-set
 */
export async function fetchThirdPartyToken(
  issuer: string,
  accessToken: string,
  target: string,
): Promise<ThirdPartyToken> {
  const url = `${new URL(issuer).origin}/api/my-account/identities/${encodeURIComponent(target)}/access-token`;
  const name = providerName(target);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      redirect: "manual",
    });
  } catch (cause) {
    throw new ThirdPartyTokenError(
      "third_party_token.logto_unreachable",
      `Could not reach Logto's Account API at ${url} (${(cause as Error).message}) for the ${name} token: try again ` +
        "once Logto answers.",
      target,
      { status: 0 },
      { cause },
    );
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (response.status === 200) return tokenOf(body, url, target);
  const logtoCode = isErrorBody(body) ? body.code : undefined;
  const [code, message] = explain(response.status, logtoCode, name, url);
  throw new ThirdPartyTokenError(code, message, target, { status: response.status, code: logtoCode });
}

function tokenOf(body: unknown, url: string, target: string): ThirdPartyToken {
  const answer = (body ?? {}) as Record<string, unknown>;
  const { access_token, scope, token_type, expires_in } = answer;
  if (typeof access_token !== "string" || access_token === "") {
    throw new ThirdPartyTokenError(
      "third_party_token.invalid_response",
      `Logto's Account API at ${url} answered 200 without an access_token.`,
      target,
      { status: 200 },
    );
  }
  const lifetime = typeof expires_in === "string" ? Number.parseInt(expires_in, 10) : expires_in;
  return new ThirdPartyToken({
    accessToken: access_token,
    scopes: typeof scope === "string" ? scope.split(" ").filter(Boolean) : [],
    ...(typeof token_type === "string" ? { tokenType: token_type } : {}),
    ...(typeof lifetime === "number" && Number.isFinite(lifetime)
      ? { expiresAt: Math.floor(Date.now() / 1000) + lifetime }
      : {}),
  });
}

/** What a refusal means, and what to do about it. */
function explain(
  status: number,
  logtoCode: string | undefined,
  name: string,
  url: string,
): [ThirdPartyTokenErrorCode, string] {
  const answered = `Logto answered ${status}${logtoCode ? ` ${logtoCode}` : ""}`;
  if (status === 404 && logtoCode === "secrets.third_party_token_set.token_not_found")
    return [
      "third_party_token.not_stored",
      `Logto holds no ${name} token for this user (${answered}). Sign in again with ${name} to reconnect it; if ` +
        `Logto still holds none, ask the Logto admin to turn on "Store tokens for persistent API access" for the ` +
        `${name} connector (it needs SECRET_VAULT_KEK in Logto's environment).`,
    ];
  if (status === 401 && logtoCode === "secrets.third_party_token_set.access_token_expired")
    return [
      "third_party_token.expired",
      `The ${name} token Logto held has expired and Logto had no refresh token to renew it (${answered}): sign in ` +
        `again with ${name} to reconnect.`,
    ];
  if (status === 422 && logtoCode === "connector.token_storage_not_supported")
    return [
      "third_party_token.storage_not_configured",
      `Token storage is off for the ${name} connector in Logto, so Logto cannot renew the stored token ` +
        `(${answered}): ask the Logto admin to turn on "Store tokens for persistent API access" for the connector, ` +
        `then sign in again with ${name}.`,
    ];
  if (status === 400 && logtoCode === "account_center.not_enabled")
    return [
      "third_party_token.account_center_disabled",
      `Logto's Account Center is off, so Logto hands out no stored tokens (${answered}): ask the Logto admin to ` +
        `enable it (Console → Account center, or PATCH /api/account-center {"enabled": true}).`,
    ];
  if (status === 401)
    return [
      "third_party_token.session_ended",
      `Logto refused this session's access token (${answered}): the session ended in Logto. Sign in again.`,
    ];
  if (status === 403)
    return [
      "third_party_token.forbidden",
      `Logto refused this session's access token for the Account API (${answered}): it lacks a scope the Account ` +
        "API requires (openid; Logto releases after 1.37 also require identities). Add it to AUTH_LOGTO_SCOPES and " +
        "sign in again.",
    ];
  if (status >= 500 && logtoCode?.startsWith("connector."))
    return [
      "third_party_token.refresh_failed",
      `Logto could not renew the ${name} token at ${name} (${answered}): sign in again with ${name} to reconnect. ` +
        `If that keeps failing, check the ${name} connector's client ID and secret in Logto.`,
    ];
  if (status >= 500)
    return ["third_party_token.logto_unreachable", `${answered} at ${url}: try again once Logto works.`];
  return [
    "third_party_token.invalid_response",
    `${answered} at ${url}, which this package does not expect: the Account API's third-party token route needs ` +
      "Logto 1.30 or later.",
  ];
}

function isErrorBody(body: unknown): body is LogtoErrorBody {
  return typeof body === "object" && body !== null && typeof (body as LogtoErrorBody).code === "string";
}

function providerName(target: string): string {
  return target === "huggingface" ? "Hugging Face" : target;
}
