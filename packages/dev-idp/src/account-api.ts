/**
 * Logto 1.37's Account API route that hands a user the token Logto stores for one of their social identities, and the
 * Management API routes of the Account Center switch it depends on, with Logto's statuses and `{ code, message }`
 * bodies.
 *
 * `GET /api/my-account/identities/:target/access-token`, in Logto's order:
 * 1. the user's own opaque Logto access token (`Authorization: Bearer …`): 401 `auth.authorization_header_missing`
 *    without the header, 401 `auth.authorization_token_type_not_supported` for another scheme, 401 `auth.unauthorized`
 *    for a token Logto does not know (expired, revoked, a JWT for an API resource) or one without a user, 403
 *    `auth.forbidden` for a token without `openid`;
 * 2. the Account Center: 400 `account_center.not_enabled` while it is off;
 * 3. the stored token set: 404 `secrets.third_party_token_set.token_not_found` when there is none; the token while it
 *    has not expired; an expired one is refreshed at the provider with the stored refresh token (422
 *    `connector.token_storage_not_supported` when the connector's token storage is off by then, 500
 *    `connector.general` when the provider refuses); without a refresh token the set is deleted and the answer is 401
 *    `secrets.third_party_token_set.access_token_expired` (then 404 on the next call).
 *
 * 200: `{ access_token, scope?, token_type?, expires_in? }` (`expires_in` in seconds from now).
 *
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/account/third-party-tokens.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/middleware/koa-auth/koa-oidc-auth.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/account/middlewares/koa-account-center.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/account-center/index.ts
 */
import type { IncomingMessage } from "node:http";
import type Provider from "oidc-provider";
import { readJson } from "./admin.js";
import { HttpError, type Router, sendJson } from "./http.js";
import type { JsonStore } from "./store.js";
import type { StoredTokenSet, TokenResponse, TokenVault } from "./token-vault.js";

const SETTINGS_NS = "settings";
const ACCOUNT_CENTER_KEY = "account-center";

/** A social connector whose token sets the vault holds, as far as the Account API needs it. */
export interface TokenStorageConnector {
  /** Logto's `enableTokenStorage` of the connector. */
  readonly tokenStorage: boolean;
  /**
   * Exchanges a refresh token at the provider.
   *
   * @throws when the provider refuses or cannot be reached
   */
  refresh(refreshToken: string): Promise<TokenResponse>;
}

/** What the Account API routes need. */
export interface AccountApiContext {
  provider: Provider;
  store: JsonStore;
  /** The token sets of each connector, by target. */
  vaults: ReadonlyMap<string, { vault: TokenVault; connector: TokenStorageConnector }>;
}

/** Logto's default account center (`account_centers`), as `GET /api/account-center` answers it. */
interface AccountCenter {
  tenantId: string;
  id: string;
  enabled: boolean;
  fields: Record<string, unknown>;
  webauthnRelatedOrigins: string[];
  deleteAccountUrl: string | null;
}

export function registerAccountApi(router: Router, { provider, store, vaults }: AccountApiContext): void {
  // A new Logto tenant has it on (`account_centers.enabled` defaults to true); PATCH turns it off or on.
  const accountCenter = (): AccountCenter => ({
    tenantId: "default",
    id: "default",
    enabled: true,
    fields: {},
    webauthnRelatedOrigins: [],
    deleteAccountUrl: null,
    ...store.get<Partial<AccountCenter>>(SETTINGS_NS, ACCOUNT_CENTER_KEY),
  });

  // Console → Account center; Management API. 200 with the account center.
  router.get("/api/account-center", (_req, res) => sendJson(res, 200, accountCenter()));
  router.on("PATCH", "/api/account-center", async (req, res) => {
    const body = await readJson(req);
    const { enabled, fields, webauthnRelatedOrigins, deleteAccountUrl } = body;
    if (
      (enabled !== undefined && typeof enabled !== "boolean") ||
      (fields !== undefined && (fields === null || typeof fields !== "object" || Array.isArray(fields))) ||
      (webauthnRelatedOrigins !== undefined &&
        !(Array.isArray(webauthnRelatedOrigins) && webauthnRelatedOrigins.every((o) => typeof o === "string"))) ||
      (deleteAccountUrl !== undefined && typeof deleteAccountUrl !== "string")
    ) {
      throw new HttpError(400, "guard.invalid_input", "The request body is invalid.");
    }
    const updated: AccountCenter = {
      ...accountCenter(),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(fields !== undefined ? { fields: fields as Record<string, unknown> } : {}),
      ...(webauthnRelatedOrigins !== undefined
        ? { webauthnRelatedOrigins: [...new Set(webauthnRelatedOrigins as string[])] }
        : {}),
      ...(deleteAccountUrl !== undefined ? { deleteAccountUrl } : {}),
    };
    store.set(SETTINGS_NS, ACCOUNT_CENTER_KEY, updated);
    sendJson(res, 200, updated);
  });

  router.get("/api/my-account/identities/:target/access-token", async (req, res, params) => {
    const userId = await authenticatedUser(provider, req);
    if (!accountCenter().enabled)
      throw new HttpError(400, "account_center.not_enabled", "Account center is not enabled.");
    const entry = vaults.get(params.target ?? "");
    const stored = entry?.vault.find(userId);
    if (!entry || !stored) throw tokenNotFound();
    sendJson(res, 200, await currentToken(entry.vault, entry.connector, userId, stored));
  });
}

/** Logto's `koaOidcAuth`: the user of an opaque access token issued by this IdP with `openid`. */
async function authenticatedUser(provider: Provider, req: IncomingMessage): Promise<string> {
  const { authorization } = req.headers;
  if (!authorization) throw new HttpError(401, "auth.authorization_header_missing", "Authorization header is missing.");
  if (!authorization.startsWith("Bearer"))
    throw new HttpError(401, "auth.authorization_token_type_not_supported", "Authorization type is not supported.", {
      supportedTypes: ["Bearer"],
    });
  const unauthorized = () =>
    new HttpError(401, "auth.unauthorized", "Unauthorized. Please check credentials and its scope.");
  const accessToken = await provider.AccessToken.find(authorization.slice("Bearer".length + 1));
  if (!accessToken?.accountId) throw unauthorized();
  if (!accessToken.scopes.has("openid"))
    throw new HttpError(403, "auth.forbidden", "Forbidden. Please check your user roles and permissions.");
  return accessToken.accountId;
}

/** Logto's `getAccessToken` of a stored set: as it is, refreshed, or gone. */
async function currentToken(
  vault: TokenVault,
  connector: TokenStorageConnector,
  userId: string,
  stored: StoredTokenSet,
): Promise<Record<string, unknown>> {
  const now = Math.floor(Date.now() / 1000);
  if (stored.expiresAt === undefined || now < stored.expiresAt) return tokenAnswer(stored, now);
  if (stored.refreshToken) {
    if (!connector.tokenStorage)
      throw new HttpError(
        422,
        "connector.token_storage_not_supported",
        "Token storage is not supported for this connector.",
      );
    let refreshed: TokenResponse;
    try {
      refreshed = await connector.refresh(stored.refreshToken);
    } catch {
      // Logto's OAuth 2.0 connector turns any failed token request into a ConnectorError "general": 500.
      throw new HttpError(500, "connector.general", "Error occurred in connector: ", "{}");
    }
    return tokenAnswer(vault.save(userId, refreshed, stored.refreshToken), Math.floor(Date.now() / 1000));
  }
  vault.delete(userId);
  throw new HttpError(
    401,
    "secrets.third_party_token_set.access_token_expired",
    "The access token has expired. Please reconnect your account.",
  );
}

function tokenAnswer(set: StoredTokenSet, now: number): Record<string, unknown> {
  const expiresIn = set.expiresAt !== undefined ? set.expiresAt - now : undefined;
  return {
    access_token: set.accessToken,
    ...(set.scope ? { scope: set.scope } : {}),
    ...(set.tokenType ? { token_type: set.tokenType } : {}),
    ...(expiresIn ? { expires_in: expiresIn } : {}),
  };
}

function tokenNotFound(): HttpError {
  return new HttpError(404, "secrets.third_party_token_set.token_not_found", "Token record not found.");
}
