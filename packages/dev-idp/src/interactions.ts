/**
 * Interaction pages (outside /oidc): the sign-in page, first-party auto-consent, and the Hugging Face
 * leg (a real OAuth 2.0 client of Hugging Face's endpoints, or of the stand-in).
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { z } from "zod";

import type { AccountRepository } from "./accounts.js";
import type { AppLink } from "./app-links.js";
import { signInExpiredPage } from "./expired-page.js";
import { html, page } from "./html.js";
import { type Router, redirect, sendHtml } from "./http.js";
import { HF_CALLBACK_PATH } from "./huggingface-standin/standin.js";
import { SUPPORTED_SCOPES } from "./provider.js";
import { type TokenResponse, type TokenVault, tokenResponseSchema } from "./token-vault.js";
import type { Logger } from "./types.js";

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

export interface HuggingFaceLeg {
  /** Base URL the browser is sent to (`${base}/oauth/authorize`). */
  browserBaseUrl: string;
  /** Base URL the server calls for the token and userinfo requests. */
  serverBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The scopes the connector asks Hugging Face for. */
  scope: string;
}

export interface InteractionOptions {
  provider: Provider;
  accounts: AccountRepository;
  huggingface: HuggingFaceLeg;
  origin: string;
  /** The applications' home pages, offered when a sign-in cannot go on. */
  appLinks: readonly AppLink[];
  logger: Logger;
  /** Where Hugging Face's token set is stored at each sign-in when the connector has token storage on. */
  tokenStorage?: { enabled: boolean; vault: TokenVault } | undefined;
}

interface PendingHfLogin {
  uid: string;
  verifier: string;
  expiresAt: number;
}

const HF_LEG_TTL_MS = 10 * 60_000;
const HF_FETCH_TIMEOUT_MS = 10_000;
const MAX_PENDING = 10_000;

const userinfoSchema = z
  .object({
    sub: z.string().min(1),
    name: z.string().nullish(),
    preferred_username: z.string().nullish(),
    picture: z.string().nullish(),
    email: z.string().nullish(),
    email_verified: z.boolean().nullish(),
  })
  .loose();

/** An OAuth error that the interaction is finished with (so the app receives it at its redirect_uri). */
class LegError extends Error {
  constructor(
    readonly error: "access_denied" | "server_error" | "temporarily_unavailable",
    readonly description: string,
  ) {
    super(description);
  }
}

export class Interactions {
  readonly #opts: InteractionOptions;
  /** HF `state` → pending login (server-side; the browser only carries `state`). */
  readonly #pending = new Map<string, PendingHfLogin>();

  constructor(opts: InteractionOptions) {
    this.#opts = opts;
  }

  register(router: Router): void {
    // The callback must be registered before `/interaction/:uid` patterns with the same depth.
    router.get(HF_CALLBACK_PATH, (req, res, _p, url) => this.#huggingfaceCallback(req, res, url));
    router.get("/interaction/:uid", (req, res, params) => this.#show(req, res, params.uid ?? ""));
    router.get("/interaction/:uid/huggingface", (req, res, params) =>
      this.#startHuggingFace(req, res, params.uid ?? ""),
    );
    router.get("/interaction/:uid/abort", (req, res, params) => this.#abort(req, res, params.uid ?? ""));
  }

  /** Loads the interaction of this browser (by the `_interaction` cookie) and checks the uid. */
  async #details(req: IncomingMessage, res: ServerResponse, uid: string | undefined): Promise<Interaction | undefined> {
    let details: Interaction;
    try {
      details = await this.#opts.provider.interactionDetails(req, res);
    } catch (error) {
      this.#expired(
        res,
        "This sign-in page was left open for too long, or it was opened in another browser.",
        (error as Error).message,
      );
      return undefined;
    }
    if (uid !== undefined && details.uid !== uid) {
      this.#expired(
        res,
        "A newer sign-in was started in this browser, which replaced this one.",
        "interaction uid mismatch",
      );
      return undefined;
    }
    return details;
  }

  async #show(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await this.#details(req, res, uid);
    if (!details) return;

    if (details.prompt.name === "consent") {
      // First-party apps: consent is implied, no page (like Logto for its own applications).
      const accountId = details.session?.accountId;
      if (!accountId) return this.#finishWithError(req, res, "login_required", "No signed-in user for this request.");
      const grantId = await this.#grant(details, accountId, details.prompt.details);
      // An existing grant is extended in place; a new one has to be handed over.
      const consent = grantId === details.grantId ? {} : { grantId };
      return this.#opts.provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
    }

    if (details.prompt.name !== "login") {
      return this.#finishWithError(
        req,
        res,
        "server_error",
        `Unsupported interaction prompt "${details.prompt.name}".`,
      );
    }

    if (details.params.direct_sign_in === "social:huggingface") {
      return this.#redirectToHuggingFace(res, details.uid);
    }

    const client = await this.#opts.provider.Client.find(String(details.params.client_id));
    const appName = client?.clientName ?? String(details.params.client_id);
    sendHtml(
      res,
      200,
      page({
        title: `Sign in to ${appName}`,
        body: html`<h1>Sign in to ${appName}</h1>
<p>Use your Hugging Face account to continue.</p>
<a class="btn primary" href="/interaction/${details.uid}/huggingface">Continue with Hugging Face</a>
<p class="muted"><a href="/interaction/${details.uid}/abort">Cancel</a></p>`,
      }),
    );
  }

  async #startHuggingFace(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await this.#details(req, res, uid);
    if (!details) return;
    this.#redirectToHuggingFace(res, details.uid);
  }

  async #abort(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await this.#details(req, res, uid);
    if (!details) return;
    await this.#opts.provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
  }

  #redirectToHuggingFace(res: ServerResponse, uid: string): void {
    const { huggingface, origin } = this.#opts;
    this.#prunePending();
    const state = randomBytes(24).toString("base64url");
    const verifier = randomBytes(32).toString("base64url");
    this.#pending.set(state, { uid, verifier, expiresAt: Date.now() + HF_LEG_TTL_MS });
    const url = new URL(`${huggingface.browserBaseUrl}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: huggingface.clientId,
      redirect_uri: `${origin}${HF_CALLBACK_PATH}`,
      scope: huggingface.scope,
      state,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    redirect(res, url.href, 303);
  }

  async #huggingfaceCallback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const state = url.searchParams.get("state") ?? "";
    const pending = this.#pending.get(state);
    this.#pending.delete(state);
    if (!pending || pending.expiresAt <= Date.now()) {
      return this.#expired(
        res,
        "The Hugging Face step of this sign-in took too long, " +
          "or its page was used a second time (after going Back to it, say).",
        "unknown or expired Hugging Face state",
      );
    }
    const details = await this.#details(req, res, pending.uid);
    if (!details) return;

    try {
      const hfError = url.searchParams.get("error");
      if (hfError) {
        const description = url.searchParams.get("error_description");
        if (hfError === "access_denied") {
          throw new LegError(
            "access_denied",
            `Hugging Face: ${description ?? "the user denied the authorization request."}`,
          );
        }
        throw new LegError("server_error", `Hugging Face returned ${hfError}${description ? `: ${description}` : ""}`);
      }
      const code = url.searchParams.get("code");
      if (!code) throw new LegError("server_error", "Hugging Face returned neither a code nor an error.");

      const tokens = await this.#exchangeCode(code, pending.verifier);
      const profile = await this.#fetchUserinfo(tokens.access_token);
      const account = this.#opts.accounts.upsertFromHuggingFace(profile);
      if (account.isSuspended) throw new LegError("access_denied", "This account is suspended.");
      // Like Logto's secret vault: the connector's token set, kept for the Account API when token storage is on.
      const { tokenStorage } = this.#opts;
      if (tokenStorage?.enabled) tokenStorage.vault.save(account.id, tokens);
      // Login and consent in one step: the first sign-in has no extra hop.
      const grantId = await this.#grant(details, account.id);
      const result: InteractionResults = {
        login: { accountId: account.id, remember: true },
        consent: { grantId },
      };
      await this.#opts.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch (error) {
      if (error instanceof LegError) return this.#finishWithError(req, res, error.error, error.description);
      throw error;
    }
  }

  #expired(res: ServerResponse, reason: string, details: string): void {
    sendHtml(res, 400, signInExpiredPage({ reason, error: "session_not_found", details, links: this.#opts.appLinks }));
  }

  async #finishWithError(req: IncomingMessage, res: ServerResponse, error: string, description: string): Promise<void> {
    await this.#opts.provider.interactionFinished(
      req,
      res,
      { error, error_description: description },
      { mergeWithLastSubmission: false },
    );
  }

  async #hfFetch(url: string, init: RequestInit, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(HF_FETCH_TIMEOUT_MS), redirect: "manual" });
    } catch (error) {
      this.#opts.logger.warn(`[idp] Hugging Face ${what} request failed: ${(error as Error).message}`);
      throw new LegError("temporarily_unavailable", `Hugging Face could not be reached (${what}).`);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      this.#opts.logger.warn(`[idp] Hugging Face ${what} answered ${response.status}: ${text.slice(0, 300)}`);
      const status = response.status >= 500 ? "temporarily_unavailable" : "server_error";
      throw new LegError(status, `Hugging Face ${what} failed with HTTP ${response.status}.`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LegError("server_error", `Hugging Face ${what} answered with invalid JSON.`);
    }
  }

  async #exchangeCode(code: string, verifier: string): Promise<TokenResponse> {
    const { huggingface, origin } = this.#opts;
    const basic = Buffer.from(
      `${encodeURIComponent(huggingface.clientId)}:${encodeURIComponent(huggingface.clientSecret)}`,
    ).toString("base64");
    const json = await this.#hfFetch(
      `${huggingface.serverBaseUrl}/oauth/token`,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: `${origin}${HF_CALLBACK_PATH}`,
          code_verifier: verifier,
        }),
      },
      "token exchange",
    );
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new LegError("server_error", "Hugging Face token response has no access_token.");
    return parsed.data;
  }

  async #fetchUserinfo(accessToken: string) {
    const json = await this.#hfFetch(
      `${this.#opts.huggingface.serverBaseUrl}/oauth/userinfo`,
      { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } },
      "userinfo",
    );
    const parsed = userinfoSchema.safeParse(json);
    if (!parsed.success) throw new LegError("server_error", "Hugging Face userinfo response is missing `sub`.");
    return parsed.data;
  }

  /**
   * Creates (or extends) the grant of this client for `accountId` with what the request asks for.
   * With `promptDetails` (a consent prompt) exactly the missing scopes/claims are added; without
   * (right after login) the requested OIDC scopes are granted.
   */
  async #grant(details: Interaction, accountId: string, promptDetails?: Record<string, unknown>): Promise<string> {
    const { provider } = this.#opts;
    const clientId = String(details.params.client_id);
    let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    if (grant && (grant.accountId !== accountId || grant.clientId !== clientId)) grant = undefined;
    grant ??= new provider.Grant({ accountId, clientId });

    if (promptDetails) {
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = promptDetails as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(" "));
      if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(" "));
      }
    } else {
      const scopes = String(details.params.scope ?? "")
        .split(" ")
        .filter((s) => SUPPORTED_SCOPES.has(s));
      if (scopes.length > 0) grant.addOIDCScope(scopes.join(" "));
    }
    return grant.save();
  }

  #prunePending(): void {
    const now = Date.now();
    for (const [state, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(state);
    while (this.#pending.size >= MAX_PENDING) {
      const oldest = this.#pending.keys().next().value;
      if (oldest === undefined) break;
      this.#pending.delete(oldest);
    }
  }
}
