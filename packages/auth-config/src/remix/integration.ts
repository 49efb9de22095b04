import { Authenticator } from "remix-auth";
import type { LogtoClient } from "../client/logto-client.js";
import type { ThirdPartyToken } from "../client/third-party-token.js";
import type { LogtoConfig } from "../config/types.js";
import { createLogtoApp, type LogtoApp } from "../core/logto-app.js";
import type { LogtoUser } from "../core/profile.js";
import { ResourceTokens } from "../core/resource-tokens.js";
import { RETURN_TO_PARAM, safeReturnTo } from "../core/return-to.js";
import type { LogtoSession, LogtoSessionData, SessionOrigin } from "../core/session-data.js";
import { type SessionEndedReason, sessionEndedLanding } from "../core/session-ended.js";
import { HUGGING_FACE_TARGET } from "../core/third-party-tokens.js";
import { type FrameworkAnswers, REMIX_AUTH_PATHS, type RemixAuthContext } from "./context.js";
import { OAuthStateCookies } from "./oauth-state.js";
import { createRoutes, type LogtoAuthRoutes } from "./routes.js";
import {
  createSessionStorage,
  pagePathOf,
  redirect,
  reloadWith,
  sessionDataOf,
  writeSessionData,
} from "./session-cookie.js";
import { LogtoStrategy } from "./strategy.js";

/** Options of `LogtoRemixAuth` and `LogtoReactRouterAuth`. */
export interface LogtoRemixAuthOptions {
  /**
   * A short name for this app (lowercase letters, digits and `-`), unique among the apps on one host (cookies are
   * shared across ports on localhost): it names the app's cookies (`<name>-session`, `<name>-sso-probe`,
   * `<name>-logto-oauth`) and prefixes its keys in Redis.
   */
  name: string;
  /** How long the session cookie lives, in seconds. @default 1209600 (14 days, Logto's refresh token lifetime) */
  sessionMaxAge?: number;
  /** The app's pages the integration sends visitors to. */
  pages?: {
    /**
     * Where `requireUser` sends a visitor who was just signed out (single logout, revoked in Logto), with
     * `?returnTo=<the page>`: a page that says why (`sessionEnded` of `handleRequest`) and offers the sign-in that
     * comes back to `returnTo`. Without it such a visitor goes straight to a new sign-in, as any other. @default none
     */
    signedOut?: string;
  };
}

/** What the root loader gets from `handleRequest`. */
export interface LogtoRequestState {
  /** The signed-in user, or `null`. */
  user: LogtoUser | null;
  /** How this session began: signed in here, or silently through an existing Logto session. */
  origin: SessionOrigin | null;
  /** The headers the loader must answer with (renewed or cleared cookies). */
  headers: Headers;
  /** Why the visitor was just signed out, shown once: see `getSessionEndedReason`. */
  sessionEnded: SessionEndedReason | null;
}

/**
 * What `LogtoRemixAuth` (Remix 2) and `LogtoReactRouterAuth` (React Router 7) give an app; `Unavailable` and `Failed`
 * are the framework's `data()` answers of the two routes that render a page.
 */
export interface LogtoLoaderAuth<Unavailable, Failed> {
  /**
   * For the root loader, on every request: ends a revoked session, refreshes tokens that are due (reloading the
   * page with the new cookie), and tries a silent sign-in on an anonymous page navigation. Throws the redirect
   * when there is one.
   *
   * @example
   * ```ts
   * const { user, headers } = await logto.handleRequest(request);
   * return data({ user }, { headers });
   * ```
   */
  handleRequest(request: Request): Promise<LogtoRequestState>;
  /** The signed-in user, or `null`. */
  getUser(request: Request): Promise<LogtoUser | null>;
  /**
   * The signed-in user, or a redirect to the sign-in route that comes back to this page; with `pages.signedOut`, a
   * visitor who was just signed out (see {@link getSessionEndedReason}) goes to that page instead, which says why,
   * with `?returnTo=<this page>` for its sign-in.
   */
  requireUser(request: Request): Promise<LogtoUser>;
  /** The session with its tokens, for server code that calls an API; never return the tokens to a page. */
  getSession(request: Request): Promise<LogtoSession | null>;
  /**
   * An access token of the signed-in user for one of the app's API resources (`AUTH_LOGTO_RESOURCES`), for a loader
   * or an action to call that API: a JWT whose `aud` is the resource and whose `scope` holds the scopes the user's
   * roles grant among those the app asks for. Kept in the server's memory until it expires; never return it to a
   * page. When there is none yet, this throws the redirect that gets one without a click (see the README), and the
   * page comes back to this loader.
   *
   * @throws {LogtoError} `resource_token.*` (see `LogtoErrorCode`): signed out, Logto down, the Logto session ended.
   * @example
   * ```ts
   * const token = await logto.getAccessToken(request, "https://api.example.com");
   * const notes = await fetch("https://api.example.com/notes", { headers: { authorization: `Bearer ${token}` } });
   * ```
   */
  getAccessToken(request: Request, resource: string): Promise<string>;
  /**
   * Why the visitor was just signed out: `signed_out_elsewhere` (single logout from another app), `revoked_in_logto`
   * (the user or their sessions revoked in Logto) or `signed_out_here` (their own sign-out, once Logto confirmed it
   * ended every app's session); `null` otherwise.
   */
  getSessionEndedReason(request: Request): Promise<SessionEndedReason | null>;
  /**
   * The signed-in user's Hugging Face token, which Logto stores for their Hugging Face identity (Logto's Account API),
   * for a loader or an action that calls Hugging Face as the user. Kept in this process per session until it is about
   * to expire; its JSON and `console.log` forms leave the token out, so returning it from a loader sends no token.
   * Never send `accessToken` to a page.
   *
   * @throws {ThirdPartyTokenError} with a `code` per Logto answer: `third_party_token.not_stored` (reconnect Hugging
   *   Face), `.expired`, `.account_center_disabled`, `.session_ended`, `.logto_unreachable`, …
   * @example
   * ```ts
   * const hf = await logto.getHuggingFaceToken(request);
   * await fetch("https://huggingface.co/api/whoami-v2", { headers: { authorization: `Bearer ${hf.accessToken}` } });
   * ```
   */
  getHuggingFaceToken(request: Request): Promise<ThirdPartyToken>;
  /** The sign-in, callback, sign-out and back-channel logout route handlers. */
  routes: LogtoAuthRoutes<Unavailable, Failed>;
  /** The app's client of Logto (userinfo, refresh, the issuer's metadata). */
  client: LogtoClient;
}

/** A request's session after the check: as it is, or changed (the page reloads with `setCookies`). */
type CheckedSession = { session: LogtoSession | null; setCookie?: string } | { changed: string[] };

/**
 * The integration of Remix 2 and React Router 7, which share their loaders, actions and `Request`/`Response` model:
 * remix-auth with the {@link LogtoStrategy}, an encrypted cookie session, and the route handlers; only `data()`
 * comes from the framework.
 */
export function createLogtoLoaderAuth<Unavailable, Failed>(
  config: LogtoConfig,
  options: LogtoRemixAuthOptions,
  answers: FrameworkAnswers<Unavailable, Failed>,
): LogtoLoaderAuth<Unavailable, Failed> {
  const app = createLogtoApp(config, { name: options.name, probeExcludedPaths: ["/auth/", "/assets/"] });
  const sessionStorage = createSessionStorage(app, options.sessionMaxAge ?? 60 * 60 * 24 * 14);
  const oauthState = new OAuthStateCookies(app.cookies.name("logto-oauth"), app.cookies.secure);
  const resourceTokens = new ResourceTokens(app, {
    signInPath: REMIX_AUTH_PATHS.signIn,
    callbackPath: REMIX_AUTH_PATHS.callback,
  });
  let strategy: Promise<LogtoStrategy<LogtoSessionData>> | undefined;
  const context: RemixAuthContext = {
    app,
    sessionStorage,
    oauthState,
    resourceTokens,
    // Created on first use from Logto's discovery document; a failure is retried next time.
    strategy() {
      strategy ??= createStrategy(app, oauthState).catch((error: unknown) => {
        strategy = undefined;
        throw error;
      });
      return strategy;
    },
    async authenticator() {
      return new Authenticator<LogtoSessionData>().use(await context.strategy());
    },
    getSession: (request) => sessionStorage.getSession(request.headers.get("Cookie")),
    async isSignedIn(request) {
      const data = sessionDataOf(await context.getSession(request));
      return data !== null && !app.view(data).needsReauthentication && !(await app.isRevoked(data));
    },
  };

  async function checkedSession(request: Request): Promise<CheckedSession> {
    const session = await context.getSession(request);
    const data = sessionDataOf(session);
    if (!data) return { session: null };
    const update = await app.checkSession(data);
    switch (update.status) {
      case "valid":
      case "reauthenticate":
        return { session: app.view(update.session) };
      case "checked":
        writeSessionData(session, update.session);
        return { session: app.view(update.session), setCookie: await sessionStorage.commitSession(session) };
      case "refreshed":
        writeSessionData(session, update.session);
        return { changed: [await sessionStorage.commitSession(session)] };
      case "ended":
        return { changed: [await sessionStorage.destroySession(), app.notice.set(update.reason)] };
    }
  }

  async function getSession(request: Request): Promise<LogtoSession | null> {
    const checked = await checkedSession(request);
    // The root loader reloads the page with the changed cookie; until then, nested loaders see no session.
    return "changed" in checked ? null : checked.session;
  }

  async function getUser(request: Request): Promise<LogtoUser | null> {
    return (await getSession(request))?.user ?? null;
  }

  return {
    async handleRequest(request) {
      // Back from Logto's end-session endpoint: the sign-out ended every app's session, which the page can now say.
      const signedOut = app.notice.confirmSignOut(request);
      if (signedOut)
        throw redirect(signedOut.location, { status: 303, headers: { "Set-Cookie": signedOut.setCookie } });
      const checked = await checkedSession(request);
      if ("changed" in checked) throw reloadWith(request, checked.changed);
      const { session } = checked;
      const signedIn = session !== null && !session.needsReauthentication;
      if (app.probe.shouldProbe(request, { signedIn }) && (await app.client.isReachable())) {
        const start = await context
          .strategy()
          .then((logto) => logto.authorizationRedirect(request, { prompt: "none" }));
        start.headers.append("Set-Cookie", app.probe.serialize(app.probe.start(request).state));
        throw oauthState.bound(request, start);
      }
      const headers = new Headers();
      if (checked.setCookie) headers.append("Set-Cookie", checked.setCookie);
      const settled = signedIn ? undefined : app.probe.settle(request);
      if (settled) headers.append("Set-Cookie", settled);
      // Shown once: this page says why the session ended, and the browser drops the notice.
      const sessionEnded = app.notice.read(request);
      if (sessionEnded) headers.append("Set-Cookie", app.notice.clear());
      return { user: session?.user ?? null, origin: session?.origin ?? null, headers, sessionEnded };
    },
    getUser,
    async requireUser(request) {
      const user = await getUser(request);
      if (user) return user;
      const url = new URL(request.url);
      const returnTo = safeReturnTo(url.pathname + url.search);
      // Just signed out (single logout, revoked in Logto): the app's page says why before a new sign-in.
      const signedOut = options.pages?.signedOut;
      const reason = signedOut ? app.notice.read(request) : null;
      if (signedOut && reason) {
        throw redirect(sessionEndedLanding(signedOut, returnTo), { headers: { "Set-Cookie": app.notice.set(reason) } });
      }
      throw redirect(`${REMIX_AUTH_PATHS.signIn}?${RETURN_TO_PARAM}=${encodeURIComponent(returnTo)}`);
    },
    getSession,
    async getAccessToken(request, resource) {
      const checked = await checkedSession(request);
      if ("changed" in checked) throw reloadWith(request, checked.changed);
      const answer = await resourceTokens.accessToken(checked.session, resource, {
        cookieHeader: request.headers.get("Cookie"),
        returnTo: pagePathOf(request),
      });
      if ("redirect" in answer) throw redirect(answer.redirect);
      return answer.token.accessToken;
    },
    async getSessionEndedReason(request) {
      return app.notice.read(request);
    },
    async getHuggingFaceToken(request) {
      return app.thirdPartyToken(await getSession(request), HUGGING_FACE_TARGET);
    },
    routes: createRoutes(context, answers),
    client: app.client,
  };
}

function createStrategy(app: LogtoApp, oauthState: OAuthStateCookies): Promise<LogtoStrategy<LogtoSessionData>> {
  const { config } = app;
  return LogtoStrategy.create<LogtoSessionData>(
    {
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectURI: `${config.appUrl}${REMIX_AUTH_PATHS.callback}`,
      scopes: config.scopes,
      directSignIn: config.directSignIn,
      cookie: oauthState.options,
      logtoClient: app.client,
    },
    async ({ request, tokens, claims }) =>
      app.newSession({
        claims,
        idToken: tokens.idToken(),
        accessToken: tokens.accessToken(),
        refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : undefined,
        accessTokenExpiresAt: Math.floor(tokens.accessTokenExpiresAt().getTime() / 1000),
        probe: app.probe.read(request),
      }),
  );
}
