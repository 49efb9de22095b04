/**
 * The stand-in's OAuth 2.0 endpoints, as Hugging Face's behave for the IdP's connector: authorize (account picker,
 * then consent), token (HTTP Basic client authentication, PKCE S256, refresh tokens with rotation) and userinfo.
 * Codes and tokens live in memory: a restarted stand-in knows none of the tokens it issued before.
 *
 * Like huggingface.co, the authorize steps follow post/redirect/get: every form POST answers 303 with a GET to
 * follow (the next step, the same step with what went wrong, or the client's redirect URI), so the browser's Back
 * button never lands on a page that was the answer to a POST.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppLink } from "../app-links.js";
import { type Router, readForm, redirect, sendHtml, sendJson } from "../http.js";
import { findStandInAccount } from "./accounts.js";
import { avatarUrl } from "./avatars.js";
import { orgsOf } from "./hub-data.js";
import {
  type AuthorizePageContext,
  accountPickerPage,
  consentPage,
  oauthParams,
  refusedUsernameMessage,
  standInErrorPage,
} from "./pages.js";

const CODE_TTL_MS = 2 * 60_000;
/** Hugging Face's OAuth access tokens live 8 hours by default. */
export const DEFAULT_STANDIN_TOKEN_TTL = 8 * 3600;
/** Hugging Face keeps a refresh token usable for 3 months of inactivity. */
const REFRESH_TOKEN_TTL_S = 90 * 24 * 3600;
/** The scopes Hugging Face's OAuth apps may ask for (https://huggingface.co/docs/hub/oauth). */
export const HUGGING_FACE_SCOPES = [
  "openid",
  "profile",
  "email",
  "read-billing",
  "read-repos",
  "contribute-repos",
  "write-repos",
  "manage-repos",
  "inference-api",
  "jobs",
  "webhooks",
  "write-discussions",
] as const;
/** How much of a refused username travels back in the URL (far more than any valid one; URLs must stay short). */
const MAX_ECHOED_USERNAME = 256;

/** An OAuth application registered at the stand-in. */
export interface StandInClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
}

/** Where the endpoints are served, and who may use them. */
export interface OAuthEndpointsOptions {
  /** The path the endpoints are served under (`${basePath}/oauth/…`). */
  basePath: string;
  /** The public URL of `basePath`, for the profile and picture URLs userinfo returns. */
  baseUrl: string;
  clients: StandInClient[];
  /** The applications' home pages, offered on the error page as the way back. */
  appLinks: readonly AppLink[];
  /** How long an access token lives, in seconds. @default 28800 (8 hours, like Hugging Face) */
  accessTokenTtl?: number;
  /** Whether the token endpoint issues refresh tokens. @default true */
  refreshTokens?: boolean;
}

interface AuthorizeParams {
  client: StandInClient;
  redirectUri: string;
  state: string;
  scope: string[];
  codeChallenge?: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  username: string;
  scope: string[];
  codeChallenge?: string;
  expiresAt: number;
}

/** An access token the stand-in issued: whose, for which scopes, until when. */
export interface IssuedToken {
  clientId: string;
  username: string;
  scope: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * A checked authorization request: usable, or refused with an error page (no client to send it to), or refused
 * with an error for the client at its redirect URI.
 */
type Outcome =
  | { ok: true; params: AuthorizeParams }
  | { ok: false; page: { error: string; description: string } }
  | { ok: false; redirectTo: string };

/** Hugging Face's `/oauth/authorize`, `/oauth/token` and `/oauth/userinfo`, for the registered clients. */
export class StandInOAuthEndpoints {
  readonly #options: OAuthEndpointsOptions;
  readonly #codes = new Map<string, IssuedCode>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #refreshTokens = new Map<string, IssuedToken>();

  constructor(options: OAuthEndpointsOptions) {
    this.#options = options;
  }

  /** Adds the endpoints to `router`. */
  register(router: Router): void {
    const base = this.#options.basePath;
    router.get(`${base}/oauth/authorize`, (_req, res, _p, url) => this.#authorize(res, url.searchParams));
    router.post(`${base}/oauth/authorize`, async (req, res) => this.#authorizeSubmit(res, await readForm(req)));
    router.post(`${base}/oauth/token`, (req, res) => this.#token(req, res));
    router.on("*", `${base}/oauth/userinfo`, (req, res) => this.#userinfo(req, res));
  }

  // --- authorize ----------------------------------------------------------------------------

  #validate(input: URLSearchParams): Outcome {
    const clientId = input.get("client_id");
    const client = this.#options.clients.find((c) => c.clientId === clientId);
    if (!client)
      return {
        ok: false,
        page: { error: "invalid_client", description: `unknown OAuth application client_id "${clientId ?? ""}".` },
      };
    const redirectUri = input.get("redirect_uri");
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return {
        ok: false,
        page: {
          error: "invalid_request",
          description: "its redirect_uri is not registered for this OAuth application.",
        },
      };
    }
    const state = input.get("state") ?? undefined;
    const fail = (error: string, description: string): Outcome => ({
      ok: false,
      redirectTo: withParams(redirectUri, { error, error_description: description, state }),
    });
    if (input.get("response_type") !== "code")
      return fail("unsupported_response_type", "Only response_type=code is supported.");
    if (!state) return fail("invalid_request", "The state parameter is required.");
    const codeChallenge = input.get("code_challenge") ?? undefined;
    const method = input.get("code_challenge_method") ?? undefined;
    if (codeChallenge !== undefined || method !== undefined) {
      if (method !== "S256") return fail("invalid_request", "Only code_challenge_method=S256 is supported.");
      if (!codeChallenge || !/^[A-Za-z0-9_-]{43,128}$/.test(codeChallenge)) {
        return fail("invalid_request", "code_challenge is missing or malformed.");
      }
    }
    const requested = (input.get("scope") ?? "openid profile").split(" ").filter(Boolean);
    const unknown = requested.filter((s) => !(HUGGING_FACE_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) return fail("invalid_scope", `Unsupported scope: ${unknown.join(" ")}`);
    return {
      ok: true,
      params: { client, redirectUri, state, scope: requested, ...(codeChallenge ? { codeChallenge } : {}) },
    };
  }

  /** GET: the account picker, or with `account` that account's consent page (or the picker saying why not). */
  #authorize(res: ServerResponse, query: URLSearchParams): void {
    const outcome = this.#validate(query);
    if (!outcome.ok) {
      if ("redirectTo" in outcome) return redirect(res, outcome.redirectTo, 302);
      return sendHtml(res, 400, standInErrorPage(outcome.page.error, outcome.page.description, this.#options.appLinks));
    }
    const context = this.#pageContext(query, outcome.params);
    const typed = query.get("account");
    if (typed === null) return sendHtml(res, 200, this.#pickPage(context));
    const account = findStandInAccount(typed);
    if (!account)
      return sendHtml(res, 200, this.#pickPage(context, { value: typed, error: refusedUsernameMessage(typed) }));
    sendHtml(res, 200, consentPage(context, account, outcome.params.scope));
  }

  /** POST: the pick and the consent steps; every answer is a 303 to a GET. */
  #authorizeSubmit(res: ServerResponse, form: URLSearchParams): void {
    const outcome = this.#validate(form);
    if (!outcome.ok) return redirect(res, "redirectTo" in outcome ? outcome.redirectTo : this.#authorizeUrl(form), 303);
    const { params } = outcome;
    const typed = (form.get("account") ?? "").slice(0, MAX_ECHOED_USERNAME);
    const account = findStandInAccount(typed);
    // Picking an account, or a consent form that lost its account: show that account's step (or why it is refused).
    if (form.get("step") !== "consent" || !account) return redirect(res, this.#authorizeUrl(form, typed), 303);
    const decision = form.get("decision");
    if (decision === "deny") {
      return redirect(
        res,
        withParams(params.redirectUri, {
          error: "access_denied",
          error_description: "The user denied the authorization request.",
          state: params.state,
        }),
        303,
      );
    }
    if (decision !== "allow") return redirect(res, this.#authorizeUrl(form, account.username), 303);
    this.#prune();
    const code = randomBytes(24).toString("base64url");
    this.#codes.set(code, {
      clientId: params.client.clientId,
      redirectUri: params.redirectUri,
      username: account.username,
      scope: params.scope,
      ...(params.codeChallenge ? { codeChallenge: params.codeChallenge } : {}),
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    redirect(res, withParams(params.redirectUri, { code, state: params.state }), 303);
  }

  /** The authorize step to GET: the request's OAuth parameters, and the account whose consent page to show. */
  #authorizeUrl(input: URLSearchParams, account?: string): string {
    const query = oauthParams(input);
    if (account !== undefined) query.set("account", account);
    return `${this.#options.basePath}/oauth/authorize?${query}`;
  }

  #pickPage(context: AuthorizePageContext, refused?: { value: string; error: string }): string {
    return accountPickerPage(context, (username) => avatarUrl(this.#options.baseUrl, username), refused);
  }

  #pageContext(input: URLSearchParams, params: AuthorizeParams): AuthorizePageContext {
    return { authorizePath: `${this.#options.basePath}/oauth/authorize`, clientName: params.client.name, input };
  }

  // --- token --------------------------------------------------------------------------------

  async #token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const client = this.#authenticate(req);
    if (!client) {
      return sendJson(
        res,
        401,
        { error: "invalid_client", error_description: "Client authentication failed (HTTP Basic is required)." },
        { "www-authenticate": 'Basic realm="huggingface"' },
      );
    }
    const invalidGrant = (description: string) =>
      sendJson(res, 400, { error: "invalid_grant", error_description: description });
    const grantType = form.get("grant_type");
    if (grantType === "refresh_token") {
      const refreshToken = form.get("refresh_token") ?? "";
      const grant = this.#refreshTokens.get(refreshToken);
      if (!grant || grant.expiresAt <= Date.now() || grant.clientId !== client.clientId)
        return invalidGrant("The refresh token is invalid, expired or was issued to another client.");
      // Rotation: the refresh token is spent, the answer carries its successor.
      this.#refreshTokens.delete(refreshToken);
      return this.#issueTokens(res, grant.clientId, grant.username, grant.scope);
    }
    if (grantType !== "authorization_code") {
      return sendJson(res, 400, {
        error: "unsupported_grant_type",
        error_description: "Only authorization_code and refresh_token are supported.",
      });
    }
    const code = form.get("code") ?? "";
    const issued = this.#codes.get(code);
    this.#codes.delete(code); // single use, even when the request below fails
    if (!issued || issued.expiresAt <= Date.now())
      return invalidGrant("The authorization code is invalid, expired or already used.");
    if (issued.clientId !== client.clientId)
      return invalidGrant("The authorization code was issued to another client.");
    if (form.get("redirect_uri") !== issued.redirectUri)
      return invalidGrant("redirect_uri does not match the authorization request.");
    const verifier = form.get("code_verifier");
    if (issued.codeChallenge !== undefined) {
      if (!verifier || createHash("sha256").update(verifier).digest("base64url") !== issued.codeChallenge) {
        return invalidGrant("PKCE verification failed.");
      }
    } else if (verifier) {
      return invalidGrant("code_verifier was sent but the authorization request had no code_challenge.");
    }

    this.#issueTokens(res, client.clientId, issued.username, issued.scope);
  }

  /** Answers a token request: an access token bound to `scope`, and a refresh token unless they are turned off. */
  #issueTokens(res: ServerResponse, clientId: string, username: string, scope: string[]): void {
    this.#prune();
    const ttl = this.#options.accessTokenTtl ?? DEFAULT_STANDIN_TOKEN_TTL;
    const accessToken = `hf_oauth_${randomBytes(24).toString("base64url")}`;
    this.#tokens.set(accessToken, { clientId, username, scope, expiresAt: Date.now() + ttl * 1000 });
    let refreshToken: string | undefined;
    if (this.#options.refreshTokens ?? true) {
      refreshToken = `hf_oauth_refresh_${randomBytes(24).toString("base64url")}`;
      this.#refreshTokens.set(refreshToken, {
        clientId,
        username,
        scope,
        expiresAt: Date.now() + REFRESH_TOKEN_TTL_S * 1000,
      });
    }
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: ttl,
      scope: scope.join(" "),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    });
  }

  /** The unexpired access token presented in `authorization` (`Bearer <token>`), for the stand-in's Hub API. */
  bearerToken(authorization: string | undefined): IssuedToken | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    const token = match?.[1] ? this.#tokens.get(match[1]) : undefined;
    return token && token.expiresAt > Date.now() ? token : undefined;
  }

  #authenticate(req: IncomingMessage): StandInClient | undefined {
    const header = req.headers.authorization ?? "";
    const [scheme, value] = header.split(" ");
    if (scheme?.toLowerCase() !== "basic" || !value) return undefined;
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i < 0) return undefined;
    let id: string;
    let secret: string;
    try {
      id = decodeURIComponent(decoded.slice(0, i));
      secret = decodeURIComponent(decoded.slice(i + 1));
    } catch {
      return undefined;
    }
    const client = this.#options.clients.find((c) => c.clientId === id);
    if (!client) return undefined;
    const a = Buffer.from(secret);
    const b = Buffer.from(client.clientSecret);
    return a.length === b.length && timingSafeEqual(a, b) ? client : undefined;
  }

  // --- userinfo -----------------------------------------------------------------------------

  #userinfo(req: IncomingMessage, res: ServerResponse): void {
    const token = this.bearerToken(req.headers.authorization);
    if (!token) {
      return sendJson(
        res,
        401,
        { error: "invalid_token", error_description: "The access token is missing, invalid or expired." },
        { "www-authenticate": 'Bearer error="invalid_token"' },
      );
    }
    const account = findStandInAccount(token.username);
    if (!account) return sendJson(res, 401, { error: "invalid_token" });
    const { baseUrl } = this.#options;
    const body: Record<string, unknown> = { sub: account.sub };
    if (token.scope.includes("profile")) {
      if (account.fullname) body.name = account.fullname;
      body.preferred_username = account.username;
      body.profile = `${baseUrl}/${account.username}`;
      if (account.hasAvatar) body.picture = avatarUrl(baseUrl, account.username);
      body.isPro = account.isPro;
      body.orgs = orgsOf(account.username).map((org) => ({
        sub: org.id,
        name: org.fullname,
        preferred_username: org.name,
        picture: avatarUrl(baseUrl, org.name),
        isEnterprise: false,
        roleInOrg: org.roleInOrg,
      }));
    }
    if (token.scope.includes("email")) {
      body.email = account.email;
      body.email_verified = account.emailVerified;
    }
    sendJson(res, 200, body);
  }

  #prune(): void {
    const now = Date.now();
    for (const [k, v] of this.#codes) if (v.expiresAt <= now) this.#codes.delete(k);
    for (const [k, v] of this.#tokens) if (v.expiresAt <= now) this.#tokens.delete(k);
    for (const [k, v] of this.#refreshTokens) if (v.expiresAt <= now) this.#refreshTokens.delete(k);
  }
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}
