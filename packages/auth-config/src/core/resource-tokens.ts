import { createHash, randomBytes } from "node:crypto";
import { exchangeCodeForResource, type ResourceToken } from "../client/resource-code.js";
import type { LogtoResource } from "../config/resources.js";
import { LogtoError } from "../errors.js";
import { processWide } from "../util/process-wide.js";
import { readCookie } from "./cookies.js";
import type { LogtoApp } from "./logto-app.js";
import { ResourceTokenCache, type SessionKeyParts } from "./resource-token-cache.js";
import { RETURN_TO_PARAM, returnToOf } from "./return-to.js";
import { SealedValues } from "./sealed-value.js";

/** Where the integration's routes are: the sign-in route starts an authorization for `?resource=`. */
export interface ResourceTokensOptions {
  /** The sign-in route, e.g. `/auth/sign-in`. */
  signInPath: string;
  /** The path of the redirect URI registered in Logto, e.g. `/api/auth/callback/logto`. */
  callbackPath: string;
}

/** What {@link ResourceTokens.accessToken} found: the token, or the page must send the browser to get one. */
export type AccessTokenAnswer = { token: ResourceToken } | { redirect: string };

/** A browser's trip through Logto for a resource token, as remembered in its sealed cookie. */
interface PendingAuthorization {
  state: string;
  verifier: string;
  nonce: string;
  resource: string;
  returnTo: string;
  /** The user of the app's session that started it: the token must be theirs. */
  sub: string;
  /** 1 for `prompt=none`, 2 for the `prompt=consent` retry. */
  attempt: number;
}

/**
 * A trip's outcome for the page: a failure, remembered for a minute so that the page shows it instead of sending the
 * browser again; or `kept` for a few seconds after a success, so that an instance of the app that did not receive the
 * token (several instances behind a load balancer) says so instead of sending the browser round again.
 */
interface TripOutcome {
  sub: string;
  resource: string;
  error: string;
}

/** The parameter of the sign-in route that asks for a resource token rather than a sign-in. */
export const RESOURCE_PARAM = "resource";
const PENDING_MAX_AGE = 600;
const FAILURE_MAX_AGE = 60;
const KEPT_MAX_AGE = 10;
const KEPT = "kept";

/**
 * Access tokens for the app's API resources (RFC 8707), for interactive and zero-click sessions alike, in one call.
 *
 * Logto issues a resource token from an authorization code asked for with `resource` (the code exchanged with the same
 * `resource`) or from a refresh token. A zero-click session has no refresh token (Logto drops `offline_access` without
 * `prompt=consent`), and a refresh rotates the session's refresh token where a page cannot save it; so a token that is
 * not cached comes from a silent authorization, the same for every session: the page sends the browser to the app's
 * sign-in route, which sends it to Logto with `prompt=none`, the resource and its scopes; the callback exchanges the
 * code for the resource token, checks that it is the session's user, keeps the token in this process's memory until
 * it expires, and sends the browser back to the page: zero clicks, three redirects, no Logto page. The first time the
 * app's grant lacks the resource, Logto answers `consent_required` and the request is made again with
 * `prompt=consent`, which Logto passes without a screen for a first-party app. A failure (`login_required` once Logto's
 * session has ended) is remembered for a minute in a sealed cookie, and the page gets it as a typed error.
 */
export class ResourceTokens {
  readonly #app: LogtoApp;
  readonly #options: ResourceTokensOptions;
  readonly #cache: ResourceTokenCache;
  readonly #sealed: SealedValues;
  readonly #pendingCookie: string;
  readonly #outcomeCookie: string;

  constructor(app: LogtoApp, options: ResourceTokensOptions) {
    this.#app = app;
    this.#options = options;
    // One cache per app in the process: Next.js bundles the route handlers and the pages apart, each with its own
    // copy of this module, and the callback's token must reach the page.
    this.#cache = processWide(`resource-tokens:${app.name}:${app.config.clientId}`, () => new ResourceTokenCache());
    this.#sealed = new SealedValues(app.config.authSecret, "resource-authorization");
    this.#pendingCookie = app.cookies.name("resource-auth");
    this.#outcomeCookie = app.cookies.name("resource-outcome");
  }

  /**
   * The access token of `session` for `indicator`: from the cache, or the redirect that gets one (see the class).
   *
   * @param returnTo - The page to come back to once the token is there.
   * @throws {LogtoError} `resource_token.unknown_resource` for a resource the app's configuration does not list,
   *   `resource_token.signed_out` without a session, `resource_token.unreachable` while Logto does not answer, and
   *   `resource_token.login_required` or `resource_token.refused` for a failure of the last minute.
   */
  async accessToken(
    session: SessionKeyParts | null,
    indicator: string,
    request: { cookieHeader: string | null; returnTo: string },
  ): Promise<AccessTokenAnswer> {
    const resource = this.#resource(indicator);
    if (!session) {
      throw new LogtoError("resource_token.signed_out", `Sign in to call ${resource.indicator}: there is no session.`);
    }
    const cached = this.#cache.get(session, resource.indicator);
    if (cached) return { token: cached };
    const outcome = this.#sealed.open(readCookie(request.cookieHeader, this.#outcomeCookie)) as TripOutcome | undefined;
    if (outcome?.sub === session.user.id && outcome.resource === resource.indicator) {
      throw outcomeError(outcome.error, resource.indicator);
    }
    if (!(await this.#app.client.isReachable())) {
      throw new LogtoError(
        "resource_token.unreachable",
        `Logto does not answer: no access token for ${resource.indicator} right now. Try again in a moment.`,
      );
    }
    const query = new URLSearchParams({ [RESOURCE_PARAM]: resource.indicator, [RETURN_TO_PARAM]: request.returnTo });
    return { redirect: `${this.#options.signInPath}?${query}` };
  }

  /**
   * The sign-in route's answer to `?resource=`: the redirect to Logto, with the sealed cookie of this trip; `null`
   * without a session (the route then signs the visitor in, and the page asks again).
   *
   * @throws {LogtoError} `resource_token.unknown_resource` for a resource the app's configuration does not list.
   */
  async start(session: SessionKeyParts | null, url: URL): Promise<{ location: string; setCookies: string[] } | null> {
    const resource = this.#resource(url.searchParams.get(RESOURCE_PARAM) ?? "");
    if (!session) return null;
    return this.#authorize({ sub: session.user.id, resource: resource.indicator, returnTo: returnToOf(url) }, 1);
  }

  /** Whether this callback request answers a trip for a resource token (its `state` is the sealed cookie's). */
  owns(request: Request): boolean {
    const state = new URL(request.url).searchParams.get("state");
    return state !== null && this.#pending(request)?.state === state;
  }

  /**
   * Completes a trip at the callback: the token cached for the session and the browser sent back to its page, or the
   * retry with `prompt=consent`, or the failure remembered for the page. Never throws for Logto's answers.
   */
  async complete(
    request: Request,
    session: SessionKeyParts | null,
  ): Promise<{ location: string; setCookies: string[] }> {
    const pending = this.#pending(request);
    if (!pending)
      throw new LogtoError("argument.invalid", "This callback does not answer a request for a resource token.");
    const clearPending = this.#app.cookies.clear(this.#pendingCookie);
    const done = (error = KEPT) => ({
      location: pending.returnTo,
      setCookies: [
        clearPending,
        this.#app.cookies.set(
          this.#outcomeCookie,
          this.#sealed.seal({ sub: pending.sub, resource: pending.resource, error } satisfies TripOutcome),
          { maxAge: error === KEPT ? KEPT_MAX_AGE : FAILURE_MAX_AGE },
        ),
      ],
    });
    // The app's session changed meanwhile (signed out, or another user): the token would not be theirs.
    if (!session || session.user.id !== pending.sub) return done("login_required");

    const params = new URL(request.url).searchParams;
    const { client, config } = this.#app;
    try {
      const metadata = await client.metadata();
      const iss = params.get("iss");
      if (iss !== null && iss !== metadata.issuer) return done("invalid_response");
      const error = params.get("error");
      if (error) {
        if ((error === "consent_required" || error === "interaction_required") && pending.attempt === 1) {
          const retry = await this.#authorize(pending, 2);
          return { location: retry.location, setCookies: [...retry.setCookies] };
        }
        console.warn(`Access token for ${pending.resource} refused by Logto: ${error}`);
        return done(error);
      }
      const token = await exchangeCodeForResource(metadata, client.credentials, {
        code: params.get("code") ?? "",
        redirectUri: `${config.appUrl}${this.#options.callbackPath}`,
        codeVerifier: pending.verifier,
        resource: pending.resource,
      });
      const claims = await client.verifyIdToken(token.idToken ?? "", { nonce: pending.nonce });
      // Logto's session is another user's now: the app's session is not theirs.
      if (claims.sub !== pending.sub) return done("login_required");
      this.#cache.set(session, pending.resource, token);
      return done();
    } catch (error) {
      const code = error instanceof LogtoError ? error.code : "server_error";
      console.warn(`Access token for ${pending.resource} not obtained: ${code}`);
      return done(code === "resource_token.unreachable" || code.startsWith("discovery.") ? "unreachable" : code);
    }
  }

  async #authorize(
    trip: Pick<PendingAuthorization, "sub" | "resource" | "returnTo">,
    attempt: number,
  ): Promise<{ location: string; setCookies: string[] }> {
    const { client, config, cookies } = this.#app;
    const metadata = await client.metadata();
    const resource = this.#resource(trip.resource);
    const pending: PendingAuthorization = {
      ...trip,
      state: randomBytes(16).toString("base64url"),
      verifier: randomBytes(32).toString("base64url"),
      nonce: randomBytes(16).toString("base64url"),
      attempt,
    };
    const url = new URL(metadata.authorization_endpoint);
    const params = {
      response_type: "code",
      client_id: config.clientId,
      redirect_uri: `${config.appUrl}${this.#options.callbackPath}`,
      scope: ["openid", ...resource.scopes].join(" "),
      resource: resource.indicator,
      prompt: attempt === 1 ? "none" : "consent",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash("sha256").update(pending.verifier).digest("base64url"),
      code_challenge_method: "S256",
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const cookie = cookies.set(this.#pendingCookie, this.#sealed.seal(pending), { maxAge: PENDING_MAX_AGE });
    return { location: url.href, setCookies: [cookie] };
  }

  #pending(request: Request): PendingAuthorization | undefined {
    const header = request.headers.get("cookie");
    return this.#sealed.open(readCookie(header, this.#pendingCookie)) as PendingAuthorization | undefined;
  }

  #resource(indicator: string): LogtoResource {
    const resource = this.#app.config.resources?.find((r) => r.indicator === indicator);
    if (resource) return resource;
    throw new LogtoError(
      "resource_token.unknown_resource",
      `${indicator || "(none)"} is not one of this app's API resources: add it to AUTH_LOGTO_RESOURCES ` +
        "(its API identifier, then its scopes).",
    );
  }
}

function outcomeError(error: string, indicator: string): LogtoError {
  if (error === KEPT) {
    return new LogtoError(
      "resource_token.refused",
      `Another instance of this app received the access token for ${indicator}: route a browser's requests to one ` +
        "instance (sticky sessions), or try again in a few seconds.",
    );
  }
  if (error === "login_required" || error === "account_selection_required") {
    return new LogtoError(
      "resource_token.login_required",
      `Logto has no session for this user any more: sign in again to call ${indicator}.`,
    );
  }
  if (error === "unreachable") {
    return new LogtoError("resource_token.unreachable", `Logto did not answer: no access token for ${indicator} yet.`);
  }
  return new LogtoError("resource_token.refused", `Logto refused an access token for ${indicator} (${error}).`);
}
