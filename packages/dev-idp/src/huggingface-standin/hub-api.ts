/**
 * The stand-in's Hub API: the two routes the demo calls as the user, with Hugging Face's shapes (huggingface.js's
 * `whoAmI` and `listModels` types) and its checks of the bearer token.
 *
 * - `GET /api/whoami-v2`: the token's user, with their organizations and what the token is; 401 without a valid token.
 * - `GET /api/models?author=<name>`: the author's public models, and their private ones only for a token of that
 *   author (or of a member of that organization) granted a repository scope (`read-repos` and up), as Hugging Face
 *   leaves private repositories out for other tokens; 401 for a token that is invalid or expired, as Hugging Face
 *   refuses a bad token even on public routes.
 *
 * @see https://huggingface.co/docs/hub/api
 */
import type { ServerResponse } from "node:http";
import { type Router, sendJson } from "../http.js";
import { findStandInAccount } from "./accounts.js";
import { avatarUrl } from "./avatars.js";
import { modelsOf, orgsOf, type StandInModel } from "./hub-data.js";
import type { IssuedToken } from "./oauth-endpoints.js";

/** The scopes that let a token read its user's private repositories. */
const REPO_READ_SCOPES = ["read-repos", "write-repos", "manage-repos"];

/** What the Hub API needs of the stand-in. */
export interface HubApiOptions {
  /** The path the API is served under (`${basePath}/api/…`). */
  basePath: string;
  /** The public URL of `basePath`, for avatar URLs. */
  baseUrl: string;
  /** The unexpired access token of an `Authorization` header, if any. */
  bearerToken(authorization: string | undefined): IssuedToken | undefined;
  /** The display name of an OAuth application, by client ID. */
  clientName(clientId: string): string;
}

/** Adds the Hub API routes to `router`. */
export function registerHubApi(router: Router, options: HubApiOptions): void {
  const { basePath } = options;

  router.get(`${basePath}/api/whoami-v2`, (req, res) => {
    const token = options.bearerToken(req.headers.authorization);
    const account = token ? findStandInAccount(token.username) : undefined;
    if (!token || !account) return invalidCredentials(res);
    const avatar = (name: string) => avatarUrl(options.baseUrl, name);
    sendJson(res, 200, {
      type: "user",
      id: account.sub,
      name: account.username,
      fullname: account.fullname ?? account.username,
      email: token.scope.includes("email") ? account.email : null,
      emailVerified: account.emailVerified,
      canPay: false,
      isPro: account.isPro,
      periodEnd: null,
      avatarUrl: avatar(account.username),
      orgs: orgsOf(account.username).map((org) => ({
        type: "org",
        id: org.id,
        name: org.name,
        fullname: org.fullname,
        email: null,
        canPay: false,
        periodEnd: null,
        avatarUrl: avatar(org.name),
        roleInOrg: org.roleInOrg,
      })),
      auth: {
        type: "access_token",
        accessToken: {
          displayName: `OAuth: ${options.clientName(token.clientId)}`,
          role: tokenRole(token.scope),
          expiration: new Date(token.expiresAt).toISOString(),
        },
      },
    });
  });

  router.get(`${basePath}/api/models`, (req, res, _params, url) => {
    const presented = req.headers.authorization !== undefined;
    const token = options.bearerToken(req.headers.authorization);
    if (presented && !token) return invalidCredentials(res);
    const author = url.searchParams.get("author") ?? "";
    const mayReadPrivate = token ? mayReadPrivateRepos(token, author) : false;
    const models = modelsOf(author).filter((model) => !model.private || mayReadPrivate);
    sendJson(res, 200, models.map(listed));
  });
}

/** Whether `token` may see `author`'s private repositories: its user's or their organization's, with a repo scope. */
function mayReadPrivateRepos(token: IssuedToken, author: string): boolean {
  const owns = token.username === author || orgsOf(token.username).some((org) => org.name === author);
  return owns && token.scope.some((scope) => REPO_READ_SCOPES.includes(scope));
}

/** A model as Hugging Face's list answers it (without `expand`). */
function listed(model: StandInModel) {
  return { ...model, trendingScore: 0, modelId: model.id };
}

/** The role Hugging Face reports for a token: what its repository scopes allow. */
function tokenRole(scope: readonly string[]): "read" | "write" | "admin" {
  if (scope.includes("manage-repos")) return "admin";
  if (scope.includes("write-repos")) return "write";
  return "read";
}

function invalidCredentials(res: ServerResponse): void {
  sendJson(res, 401, { error: "Invalid credentials in Authorization header" }, { "www-authenticate": "Bearer" });
}
