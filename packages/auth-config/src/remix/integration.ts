import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import {
  appCookieName,
  appRevocations,
  appSsoProbe,
  isSecureApp,
  type LogtoSessionData,
  SessionEndedNotice,
  type SessionEndedReason,
  type SessionOrigin,
  signedInUser,
  stopOnIssuerMismatch,
} from "../app-session.js";
import type { LogtoConfig } from "../config.js";
import type { LogtoUser } from "../profile.js";
import { safeReturnTo } from "../return-to.js";
import { checkLogtoSession } from "../session.js";
import { isIssuerReachable } from "../sso.js";
import { createEncryptedCookie } from "./encrypted-cookie.js";
import { OAuthStateCookies } from "./oauth-state.js";
import { createRoutes, type LogtoRemixRoutes } from "./routes.js";
import { LogtoStrategy } from "./strategy.js";

/** Options of {@link LogtoRemixAuth}. */
export interface LogtoRemixAuthOptions {
  /**
   * A short name for this app, unique among the apps on one host (cookies are shared across ports on localhost):
   * it names the app's cookies (`<name>-session`, `<name>-sso-probe`, `<name>-logto-oauth`) and prefixes its keys
   * in Redis.
   */
  name: string;
  /** How long the session cookie lives, in seconds. @default 1209600 (14 days, Logto's refresh token lifetime) */
  sessionMaxAge?: number;
}

/** The session as a loader sees it, after revocation and token freshness were taken care of. */
export type LogtoRemixSessionState =
  | { status: "anonymous" }
  | { status: "signed-in"; data: LogtoSessionData; setCookie?: string }
  /** No refresh token and the access token expired: the next page navigation signs in again silently. */
  | { status: "expired"; data: LogtoSessionData };

/** What {@link LogtoRemixAuth} gives an app. */
export interface LogtoRemixAuthResult {
  /**
   * For the root loader, on every request: ends a revoked session, refreshes tokens that are due (reloading the
   * page with the new cookie), and tries a silent sign-in on an anonymous page navigation. Throws the redirect
   * when there is one; resolves to the signed-in user (or `null`), the headers the loader must answer with, and
   * why the visitor was just signed out (`signed_out_elsewhere`, `revoked_in_logto`), for one page to say so.
   *
   * @example
   * ```ts
   * const { user, headers } = await logto.handleRequest(request);
   * return data({ user }, { headers });
   * ```
   */
  handleRequest(
    request: Request,
  ): Promise<{ user: LogtoUser | null; origin: SessionOrigin | null; headers: Headers; sessionEnded: SessionEndedReason | null }>;
  /** The signed-in user, or `null` (also while a silent re-authentication is due). */
  getUser(request: Request): Promise<LogtoUser | null>;
  /** The signed-in user, or a redirect to the sign-in route that comes back to this page. */
  requireUser(request: Request): Promise<LogtoUser>;
  /** The session with its tokens, for server code that calls an API with the access token; never return them to a page. */
  getSession(request: Request): Promise<LogtoRemixSessionState>;
  /** The sign-in, callback, sign-out and back-channel logout route handlers. */
  routes: LogtoRemixRoutes;
}

/** Where the app's auth routes live: `app/routes/auth.sign-in.tsx` and so on. Logto's redirect URI is `<AUTH_URL>/auth/callback`. */
export const REMIX_AUTH_PATHS = {
  signIn: "/auth/sign-in",
  callback: "/auth/callback",
  signOut: "/auth/sign-out",
  backchannelLogout: "/auth/backchannel-logout",
} as const;

/** What the integration's modules share. */
export interface RemixAuthContext {
  config: LogtoConfig;
  sessionStorage: SessionStorage<LogtoSessionData, { returnTo: string }>;
  probe: ReturnType<typeof appSsoProbe>;
  oauthState: OAuthStateCookies;
  notice: SessionEndedNotice;
  revocations: ReturnType<typeof appRevocations>;
  authenticator(): Promise<Authenticator<LogtoSessionData>>;
  strategy(): Promise<LogtoStrategy<LogtoSessionData>>;
  getSession(request: Request): Promise<Session<LogtoSessionData, { returnTo: string }>>;
}

/**
 * Logto sign-in for a Remix app, with zero-click SSO (`prompt=none` on anonymous page navigations), single logout
 * (end-session plus back-channel logout) and fresh tokens (refresh with rotation, revocation checked on every
 * request): remix-auth with the {@link LogtoStrategy}, an encrypted cookie session, and the route handlers. The app
 * calls {@link LogtoRemixAuthResult.handleRequest} in its root loader and re-exports the routes.
 *
 * @param config - The app's configuration, from `loadLogtoConfig(process.env)`.
 * @param options - The app's short name.
 * @example
 * ```ts
 * // app/auth.server.ts
 * export const logto = LogtoRemixAuth(loadLogtoConfig(process.env), { name: "remix" });
 * // app/routes/auth.callback.tsx
 * export const { loader } = logto.routes.callback;
 * ```
 */
export function LogtoRemixAuth(config: LogtoConfig, options: LogtoRemixAuthOptions): LogtoRemixAuthResult {
  stopOnIssuerMismatch(config);
  const secure = isSecureApp(config);
  const sessionStorage = createCookieSessionStorage<LogtoSessionData, { returnTo: string }>({
    cookie: createEncryptedCookie(appCookieName(config, `${options.name}-session`), config.authSecret, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure,
      maxAge: options.sessionMaxAge ?? 60 * 60 * 24 * 14,
    }),
  });
  const oauthState = new OAuthStateCookies(appCookieName(config, `${options.name}-logto-oauth`), secure);

  let strategy: Promise<LogtoStrategy<LogtoSessionData>> | undefined;
  const context: RemixAuthContext = {
    config,
    sessionStorage,
    probe: appSsoProbe(config, options.name, ["/auth/", "/assets/"]),
    oauthState,
    notice: new SessionEndedNotice(config, options.name),
    revocations: appRevocations(config, options.name),
    // Created on first use from Logto's discovery document; a failure is retried next time.
    strategy() {
      strategy ??= createStrategy(config, oauthState).catch((error: unknown) => {
        strategy = undefined;
        throw error;
      });
      return strategy;
    },
    async authenticator() {
      return new Authenticator<LogtoSessionData>().use(await context.strategy());
    },
    getSession: (request) => sessionStorage.getSession(request.headers.get("Cookie")),
  };

  async function readSession(request: Request): Promise<LogtoRemixSessionState | { status: "changed"; setCookies: string[] }> {
    const session = await context.getSession(request);
    const data = sessionData(session);
    if (!data) return { status: "anonymous" };
    const check = await checkLogtoSession(
      { ...data, sub: data.user.id },
      { issuer: config.issuer, credentials: config, revocations: await context.revocations(), checkInterval: config.sessionCheckInterval },
    );
    switch (check.status) {
      case "valid":
        return { status: "signed-in", data };
      case "checked":
        session.set("checkedAt", check.checkedAt);
        return { status: "signed-in", data: { ...data, checkedAt: check.checkedAt }, setCookie: await sessionStorage.commitSession(session) };
      case "reauthenticate":
        return { status: "expired", data };
      case "refreshed":
        session.set("accessToken", check.tokens.accessToken);
        session.set("accessTokenExpiresAt", check.tokens.accessTokenExpiresAt);
        session.set("refreshToken", check.tokens.refreshToken);
        session.set("checkedAt", check.checkedAt);
        if (check.tokens.idToken) session.set("idToken", check.tokens.idToken);
        return { status: "changed", setCookies: [await sessionStorage.commitSession(session)] };
      case "ended": {
        console.warn(`Session of ${data.user.id} ended: ${check.reason}`);
        const notice = context.notice.set(SessionEndedNotice.reasonOf(check.reason));
        return { status: "changed", setCookies: [await sessionStorage.destroySession(session), notice] };
      }
    }
  }

  async function getSession(request: Request): Promise<LogtoRemixSessionState> {
    const state = await readSession(request);
    // The root loader reloads the page with the changed cookie; until then, nested loaders see no session.
    return state.status === "changed" ? { status: "anonymous" } : state;
  }

  async function getUser(request: Request): Promise<LogtoUser | null> {
    const state = await getSession(request);
    return state.status === "anonymous" ? null : state.data.user;
  }

  return {
    async handleRequest(request) {
      const headers = new Headers();
      if (config.benchSkipSessionCheck) return { user: null, origin: null, headers, sessionEnded: null };
      const state = await readSession(request);
      if (state.status === "changed") throw reloadWith(request, state.setCookies);
      const signedIn = state.status === "signed-in";
      if (context.probe.shouldProbe(request, { signedIn }) && (await isIssuerReachable(config.issuer))) {
        const start = await context.strategy().then((logto) => logto.authorizationRedirect(request, { prompt: "none" }));
        start.headers.append("Set-Cookie", context.probe.serialize(context.probe.start(request).state));
        throw oauthState.bound(request, start);
      }
      if (state.status === "signed-in" && state.setCookie) headers.append("Set-Cookie", state.setCookie);
      const settled = signedIn ? undefined : context.probe.settle(request);
      if (settled) headers.append("Set-Cookie", settled);
      // Shown once: this page says why the session ended, and the browser drops the notice.
      const sessionEnded = context.notice.read(request);
      if (sessionEnded) headers.append("Set-Cookie", context.notice.clear());
      const data = state.status === "anonymous" ? null : state.data;
      return { user: data?.user ?? null, origin: data?.origin ?? null, headers, sessionEnded };
    },
    getUser,
    async requireUser(request) {
      const user = await getUser(request);
      if (user) return user;
      const url = new URL(request.url);
      throw redirect(`${REMIX_AUTH_PATHS.signIn}?returnTo=${encodeURIComponent(safeReturnTo(url.pathname + url.search))}`);
    },
    getSession,
    routes: createRoutes(context),
  };
}

function createStrategy(config: LogtoConfig, oauthState: OAuthStateCookies): Promise<LogtoStrategy<LogtoSessionData>> {
  return LogtoStrategy.create<LogtoSessionData>(
    {
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectURI: `${config.appUrl}${REMIX_AUTH_PATHS.callback}`,
      scopes: config.scopes,
      directSignIn: config.directSignIn,
      cookie: oauthState.options,
    },
    async ({ tokens, claims }) => ({
      user: await signedInUser(config, claims, tokens.accessToken()),
      ...(typeof claims.sid === "string" ? { sid: claims.sid } : {}),
      createdAt: Math.floor(Date.now() / 1000),
      checkedAt: Math.floor(Date.now() / 1000),
      idToken: tokens.idToken(),
      accessToken: tokens.accessToken(),
      ...(tokens.hasRefreshToken() ? { refreshToken: tokens.refreshToken() } : {}),
      accessTokenExpiresAt: Math.floor(tokens.accessTokenExpiresAt().getTime() / 1000),
    }),
  );
}

function sessionData(session: Session<LogtoSessionData, { returnTo: string }>): LogtoSessionData | null {
  const user = session.get("user");
  const idToken = session.get("idToken");
  const accessToken = session.get("accessToken");
  const accessTokenExpiresAt = session.get("accessTokenExpiresAt");
  if (!user || !idToken || !accessToken || !accessTokenExpiresAt) return null;
  return {
    user,
    sid: session.get("sid"),
    createdAt: session.get("createdAt") ?? 0,
    idToken,
    accessToken,
    refreshToken: session.get("refreshToken"),
    accessTokenExpiresAt,
    checkedAt: session.get("checkedAt"),
    origin: session.get("origin"),
  };
}

/** Reloads the current page with a new session cookie (a GET, so no form is resent; for a data request, its page). */
function reloadWith(request: Request, setCookies: string[]): Response {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  const pathname = url.pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  const headers = new Headers();
  for (const setCookie of setCookies) headers.append("Set-Cookie", setCookie);
  return redirect(safeReturnTo(pathname + url.search), { headers });
}
