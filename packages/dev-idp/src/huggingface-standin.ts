/**
 * A stand-in for Hugging Face's OAuth endpoints (authorize, token, userinfo) with a few seeded
 * accounts, served under `/huggingface` by the IdP's HTTP server. Stateless apart from short-lived
 * codes and tokens kept in memory.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { escapeHtml, errorPage, html, page, type SafeHtml } from "./html.js";
import { type Router, readForm, redirect, sendHtml, sendJson } from "./http.js";

export const STANDIN_CLIENT_ID = "hf-standin-client";
export const STANDIN_CLIENT_SECRET = "hf-standin-secret";
export const STANDIN_BASE_PATH = "/huggingface";
export const HF_CALLBACK_PATH = "/interaction/callback/huggingface";

export interface StandInAccount {
  sub: string;
  username: string;
  fullname?: string;
  email: string;
  emailVerified: boolean;
  isPro: boolean;
  hasAvatar: boolean;
}

export const STANDIN_ACCOUNTS: readonly StandInAccount[] = [
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f0",
    username: "ada",
    fullname: "Ada Lovelace",
    email: "ada@example.com",
    emailVerified: true,
    isPro: true,
    hasAvatar: true,
  },
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f1",
    username: "grace",
    fullname: "Grace Hopper",
    email: "grace@example.com",
    emailVerified: true,
    isPro: false,
    hasAvatar: true,
  },
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f2",
    username: "linus",
    email: "linus@example.com",
    emailVerified: false,
    isPro: false,
    hasAvatar: false,
  },
];

/** What "continue as another user" accepts: Hugging Face-like usernames. */
const OTHER_USERNAME = /^[a-z0-9][a-z0-9-]{1,29}$/;

/**
 * A built-in account, or any other valid username as a generated account with a stable `sub`: tests and
 * benchmarks that need many distinct users (a first sign-in each) type a name instead of picking one.
 */
export function findStandInAccount(username: string | null | undefined): StandInAccount | undefined {
  if (!username) return undefined;
  const builtIn = STANDIN_ACCOUNTS.find((a) => a.username === username);
  if (builtIn || !OTHER_USERNAME.test(username)) return builtIn;
  return {
    sub: createHash("sha256").update(`hf-standin:${username}`).digest("hex").slice(0, 24),
    username,
    email: `${username}@example.com`,
    emailVerified: true,
    isPro: false,
    hasAvatar: true,
  };
}

const CODE_TTL_MS = 2 * 60_000;
const TOKEN_TTL_S = 8 * 3600;
const KNOWN_SCOPES = ["openid", "profile", "email"];

interface StandInClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
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

interface IssuedToken {
  clientId: string;
  username: string;
  scope: string[];
  expiresAt: number;
}

export interface StandInOptions {
  /** The public origin of the server hosting the stand-in (and the IdP). */
  origin: string;
}

type Outcome = { ok: true; params: AuthorizeParams } | { ok: false; respond: (res: ServerResponse) => void };

export class HuggingFaceStandIn {
  readonly #origin: string;
  readonly #clients: StandInClient[];
  readonly #codes = new Map<string, IssuedCode>();
  readonly #tokens = new Map<string, IssuedToken>();

  constructor(opts: StandInOptions) {
    this.#origin = opts.origin;
    this.#clients = [
      {
        clientId: STANDIN_CLIENT_ID,
        clientSecret: STANDIN_CLIENT_SECRET,
        name: "Logto (local)",
        redirectUris: [`${opts.origin}${HF_CALLBACK_PATH}`],
      },
    ];
  }

  get baseUrl(): string {
    return `${this.#origin}${STANDIN_BASE_PATH}`;
  }

  avatarUrl(username: string): string {
    return `${this.baseUrl}/avatars/${encodeURIComponent(username)}.svg`;
  }

  register(router: Router): void {
    const base = STANDIN_BASE_PATH;
    router.get(`${base}/oauth/authorize`, (_req, res, _p, url) => this.#authorize(res, url.searchParams));
    router.post(`${base}/oauth/authorize`, async (req, res) => this.#authorizeSubmit(res, await readForm(req)));
    router.post(`${base}/oauth/token`, (req, res) => this.#token(req, res));
    router.on("*", `${base}/oauth/userinfo`, (req, res) => this.#userinfo(req, res));
    router.get(`${base}/avatars/:file`, (_req, res, params) => this.#avatar(res, params.file ?? ""));
  }

  // --- authorize ----------------------------------------------------------------------------

  #validate(input: URLSearchParams): Outcome {
    const clientId = input.get("client_id");
    const client = this.#clients.find((c) => c.clientId === clientId);
    if (!client) {
      return {
        ok: false,
        respond: (res) =>
          sendHtml(res, 400, hfError("invalid_client", `Unknown OAuth application client_id "${clientId ?? ""}".`)),
      };
    }
    const redirectUri = input.get("redirect_uri");
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return {
        ok: false,
        respond: (res) =>
          sendHtml(res, 400, hfError("invalid_request", "The redirect_uri is not registered for this OAuth application.")),
      };
    }
    const state = input.get("state") ?? undefined;
    const fail = (error: string, description: string): Outcome => ({
      ok: false,
      respond: (res) => redirect(res, withParams(redirectUri, { error, error_description: description, state }), 302),
    });
    if (input.get("response_type") !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
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
    const unknown = requested.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length > 0) return fail("invalid_scope", `Unsupported scope: ${unknown.join(" ")}`);
    return { ok: true, params: { client, redirectUri, state, scope: requested, ...(codeChallenge ? { codeChallenge } : {}) } };
  }

  #authorize(res: ServerResponse, query: URLSearchParams): void {
    const outcome = this.#validate(query);
    if (!outcome.ok) return outcome.respond(res);
    sendHtml(res, 200, this.#pickPage(query, outcome.params));
  }

  async #authorizeSubmit(res: ServerResponse, form: URLSearchParams): Promise<void> {
    const outcome = this.#validate(form);
    if (!outcome.ok) return outcome.respond(res);
    const { params } = outcome;
    const account = findStandInAccount(form.get("account"));
    if (!account) return sendHtml(res, 200, this.#pickPage(form, params));

    if (form.get("step") !== "consent") return sendHtml(res, 200, this.#consentPage(form, params, account));

    const decision = form.get("decision");
    if (decision === "deny") {
      return redirect(
        res,
        withParams(params.redirectUri, {
          error: "access_denied",
          error_description: "The user denied the authorization request.",
          state: params.state,
        }),
        302,
      );
    }
    if (decision !== "allow") return sendHtml(res, 200, this.#consentPage(form, params, account));

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
    redirect(res, withParams(params.redirectUri, { code, state: params.state }), 302);
  }

  #hiddenOAuthFields(input: URLSearchParams): SafeHtml {
    const names = ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"];
    return html`${names
      .filter((n) => input.get(n) !== null)
      .map((n) => html`<input type="hidden" name="${n}" value="${input.get(n)}">`)}`;
  }

  #pickPage(input: URLSearchParams, params: AuthorizeParams): string {
    return page({
      title: "Sign in to Hugging Face",
      brand: "🤗 Hugging Face (stand-in)",
      body: html`<h1>Sign in to Hugging Face</h1>
<p>Choose an account to continue to ${params.client.name}.</p>
<form method="post" action="${STANDIN_BASE_PATH}/oauth/authorize">
${this.#hiddenOAuthFields(input)}
<input type="hidden" name="step" value="pick">
${STANDIN_ACCOUNTS.map(
  (a) =>
    html`<button class="btn" type="submit" name="account" value="${a.username}">${
      a.hasAvatar ? html`<img src="${this.avatarUrl(a.username)}" alt="">` : ""
    }${a.fullname ?? a.username}</button>`,
)}
</form>
<form method="post" action="${STANDIN_BASE_PATH}/oauth/authorize" class="row">
${this.#hiddenOAuthFields(input)}
<input type="hidden" name="step" value="pick">
<label>Another user <input type="text" name="account" required pattern="[a-z0-9][a-z0-9\\-]{1,29}" placeholder="username" autocomplete="off"></label>
<button class="btn" type="submit">Continue</button>
</form>
<p class="muted">This is a local stand-in for huggingface.co; no password needed. Any other username signs in as a new user.</p>`,
    });
  }

  #consentPage(input: URLSearchParams, params: AuthorizeParams, account: StandInAccount): string {
    return page({
      title: `Authorize ${params.client.name}`,
      brand: "🤗 Hugging Face (stand-in)",
      body: html`<h1>Authorize ${params.client.name} to access your profile and email</h1>
<p>Signed in as <strong>${account.fullname ?? account.username}</strong> (@${account.username}).
${params.client.name} will be able to read your ${describeScopes(params.scope)}.</p>
<form method="post" action="${STANDIN_BASE_PATH}/oauth/authorize">
${this.#hiddenOAuthFields(input)}
<input type="hidden" name="step" value="consent">
<input type="hidden" name="account" value="${account.username}">
<div class="row">
<button class="btn" type="submit" name="decision" value="deny">Deny</button>
<button class="btn primary" type="submit" name="decision" value="allow">Allow</button>
</div>
</form>`,
    });
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
    if (form.get("grant_type") !== "authorization_code") {
      return sendJson(res, 400, { error: "unsupported_grant_type", error_description: "Only authorization_code is supported." });
    }
    const invalidGrant = (description: string) => sendJson(res, 400, { error: "invalid_grant", error_description: description });
    const code = form.get("code") ?? "";
    const issued = this.#codes.get(code);
    this.#codes.delete(code); // single use, even when the request below fails
    if (!issued || issued.expiresAt <= Date.now()) return invalidGrant("The authorization code is invalid, expired or already used.");
    if (issued.clientId !== client.clientId) return invalidGrant("The authorization code was issued to another client.");
    if (form.get("redirect_uri") !== issued.redirectUri) return invalidGrant("redirect_uri does not match the authorization request.");
    const verifier = form.get("code_verifier");
    if (issued.codeChallenge !== undefined) {
      if (!verifier || createHash("sha256").update(verifier).digest("base64url") !== issued.codeChallenge) {
        return invalidGrant("PKCE verification failed.");
      }
    } else if (verifier) {
      return invalidGrant("code_verifier was sent but the authorization request had no code_challenge.");
    }

    this.#prune();
    const accessToken = `hf_oauth_${randomBytes(24).toString("base64url")}`;
    this.#tokens.set(accessToken, {
      clientId: client.clientId,
      username: issued.username,
      scope: issued.scope,
      expiresAt: Date.now() + TOKEN_TTL_S * 1000,
    });
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: TOKEN_TTL_S,
      scope: issued.scope.join(" "),
    });
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
    const client = this.#clients.find((c) => c.clientId === id);
    if (!client) return undefined;
    const a = Buffer.from(secret);
    const b = Buffer.from(client.clientSecret);
    return a.length === b.length && timingSafeEqual(a, b) ? client : undefined;
  }

  // --- userinfo -----------------------------------------------------------------------------

  #userinfo(req: IncomingMessage, res: ServerResponse): void {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? this.#tokens.get(match[1]) : undefined;
    if (!token || token.expiresAt <= Date.now()) {
      return sendJson(
        res,
        401,
        { error: "invalid_token", error_description: "The access token is missing, invalid or expired." },
        { "www-authenticate": 'Bearer error="invalid_token"' },
      );
    }
    const account = findStandInAccount(token.username);
    if (!account) return sendJson(res, 401, { error: "invalid_token" });
    const body: Record<string, unknown> = { sub: account.sub };
    if (token.scope.includes("profile")) {
      if (account.fullname) body.name = account.fullname;
      body.preferred_username = account.username;
      body.profile = `${this.#origin}${STANDIN_BASE_PATH}/${account.username}`;
      if (account.hasAvatar) body.picture = this.avatarUrl(account.username);
      body.isPro = account.isPro;
      body.orgs = [];
    }
    if (token.scope.includes("email")) {
      body.email = account.email;
      body.email_verified = account.emailVerified;
    }
    sendJson(res, 200, body);
  }

  // --- avatars ------------------------------------------------------------------------------

  #avatar(res: ServerResponse, file: string): void {
    const username = file.endsWith(".svg") ? file.slice(0, -4) : "";
    const account = findStandInAccount(username);
    if (!account?.hasAvatar) {
      res.statusCode = 404;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Not found");
      return;
    }
    const hue = [...account.username].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
    const initials = (account.fullname ?? account.username)
      .split(/\s+/)
      .map((w) => w[0] ?? "")
      .join("")
      .slice(0, 2)
      .toUpperCase();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="${escapeHtml(account.username)}">
<rect width="128" height="128" rx="64" fill="hsl(${hue} 65% 50%)"/>
<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="52" font-weight="600" fill="#fff">${escapeHtml(initials)}</text>
</svg>`;
    res.statusCode = 200;
    res.setHeader("content-type", "image/svg+xml");
    res.setHeader("cache-control", "public, max-age=3600");
    res.end(svg);
  }

  #prune(): void {
    const now = Date.now();
    for (const [k, v] of this.#codes) if (v.expiresAt <= now) this.#codes.delete(k);
    for (const [k, v] of this.#tokens) if (v.expiresAt <= now) this.#tokens.delete(k);
  }
}

function describeScopes(scope: string[]): string {
  const parts: string[] = [];
  if (scope.includes("profile")) parts.push("profile (name, username, avatar)");
  if (scope.includes("email")) parts.push("email address");
  return parts.length > 0 ? parts.join(" and ") : "account id";
}

function hfError(error: string, description: string): string {
  return errorPage({ title: "Hugging Face sign-in error", error, description, brand: "🤗 Hugging Face (stand-in)" });
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}
