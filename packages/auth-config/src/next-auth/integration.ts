import { AsyncLocalStorage } from "node:async_hooks";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import NextAuth, { type NextAuthConfig, type NextAuthResult } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { LogtoClient } from "../client/logto-client.js";
import type { ThirdPartyToken } from "../client/third-party-token.js";
import { LogtoConfigError } from "../config/config-error.js";
import { isLoopback } from "../config/deployment-checks.js";
import type { LogtoConfig } from "../config/types.js";
import { createLogtoApp, type LogtoApp } from "../core/logto-app.js";
import type { LogtoUser } from "../core/profile.js";
import { ResourceTokens } from "../core/resource-tokens.js";
import type { LogtoSession } from "../core/session-data.js";
import type { SessionEndedReason } from "../core/session-ended.js";
import {
  type AuthJsCookieNames,
  authJsCookieNames,
  authJsCookiesOption,
  writesSessionToken,
} from "./authjs-cookies.js";
import { authJsJwt, decodeAuthJsToken } from "./authjs-internals.js";
import {
  AUTH_BASE_PATH,
  CALLBACK_PATH,
  isSignedIn,
  type LogtoJWT,
  type LogtoNextPages,
  type NextAuthContext,
  PROBE_EXCLUDED_PATHS,
  SIGN_IN_PATH,
  sessionDataOf,
} from "./context.js";
import { createPageReads } from "./page-reads.js";
import { Logto } from "./provider.js";
import { createProxy } from "./proxy.js";
import { createRoutes, type LogtoNextRoutes } from "./routes.js";
import { SessionFreshHint } from "./session-fresh.js";

/** Options of {@link LogtoNextAuth}. */
export interface LogtoNextAuthOptions {
  /**
   * A short name for this app (lowercase letters, digits and `-`), unique among the apps on one host (cookies are
   * shared across ports on localhost): it names all the app's cookies, Auth.js's included (`<name>-session-token`,
   * `<name>-session-fresh`, `<name>-state`, …), and prefixes its keys in Redis.
   */
  name: string;
  /** The app's pages the integration sends visitors to; each has a default. */
  pages?: Partial<LogtoNextPages>;
}

/** What {@link LogtoNextAuth} gives an app. */
export interface LogtoNextAuthResult {
  /** Auth.js's route handlers: `export const { GET, POST } = handlers` in `app/api/auth/[...nextauth]/route.ts`. */
  handlers: NextAuthResult["handlers"];
  /** Auth.js's `auth()`, for code that wants Auth.js's own session object. */
  auth: NextAuthResult["auth"];
  /** `export const proxy = logto.proxy` in `proxy.ts`, with the matcher from the README. */
  proxy: (request: NextRequest) => Promise<Response>;
  /** The sign-in, sign-out, session-ended and back-channel logout route handlers. */
  routes: LogtoNextRoutes;
  /** The app's client of Logto (userinfo, refresh, the issuer's metadata). */
  client: LogtoClient;
  /**
   * The signed-in user of the page at `path` (a server component), or `null`. A session that ended since the proxy
   * last saw it (back-channel logout) sends the view back through the proxy, which cleans it up.
   */
  getUser(path: string): Promise<LogtoUser | null>;
  /**
   * The signed-in user of the page at `path`, or a redirect to the sign-in that comes back to it; with
   * `pages.signedOut`, a visitor who was just signed out (see {@link getSessionEndedReason}) goes to that page
   * instead, which says why, with `?returnTo=<path>` for its sign-in.
   */
  requireUser(path: string): Promise<LogtoUser>;
  /** The session of the page at `path` with its tokens, for server code only; `null` when signed out. */
  getSession(path: string): Promise<LogtoSession | null>;
  /**
   * An access token of the signed-in user for one of the app's API resources (`AUTH_LOGTO_RESOURCES`), for the page
   * at `path` (a server component, or a route handler) to call that API: a JWT whose `aud` is the resource and whose
   * `scope` holds the scopes the user's roles grant among those the app asks for. Kept in the server's memory until
   * it expires; never send it to the browser. When there is none yet, this redirects to get one without a click (see
   * the README), and the browser comes back to `path`.
   *
   * @throws {LogtoError} `resource_token.*` (see `LogtoErrorCode`): signed out, Logto down, the Logto session ended.
   * @example
   * ```ts
   * const token = await logto.getAccessToken("/notes", "https://api.example.com");
   * const notes = await fetch("https://api.example.com/notes", { headers: { authorization: `Bearer ${token}` } });
   * ```
   */
  getAccessToken(path: string, resource: string): Promise<string>;
  /**
   * Why the visitor was just signed out, for a page to say so once: `signed_out_elsewhere` (single logout from
   * another app), `revoked_in_logto` (the user or their sessions revoked in Logto) or `signed_out_here` (their own
   * sign-out, once Logto confirmed it ended every app's session); `null` otherwise.
   */
  getSessionEndedReason(): Promise<SessionEndedReason | null>;
  /**
   * The signed-in user's Hugging Face token, which Logto stores for their Hugging Face identity (Logto's Account API),
   * for a server component or a route handler (pass its `request`) that calls Hugging Face as the user. Kept in this
   * process per session until it is about to expire; its JSON and `console.log` forms leave the token out. Never send
   * `accessToken` to a page.
   *
   * @throws {ThirdPartyTokenError} with a `code` per Logto answer: `third_party_token.not_stored` (reconnect Hugging
   *   Face), `.expired`, `.account_center_disabled`, `.session_ended`, `.logto_unreachable`, …
   * @example
   * ```ts
   * const hf = await logto.getHuggingFaceToken();
   * await fetch("https://huggingface.co/api/whoami-v2", { headers: { authorization: `Bearer ${hf.accessToken}` } });
   * ```
   */
  getHuggingFaceToken(request?: Request): Promise<ThirdPartyToken>;
}

/**
 * Logto sign-in for a Next.js App Router app, with zero-click SSO (`prompt=none` on anonymous page navigations),
 * single logout (end-session plus back-channel logout) and fresh tokens (refresh with rotation, revocation checked
 * on every request): Auth.js configured with the {@link Logto} provider, plus the proxy and route handlers that
 * do the rest. The app writes route files that re-export what this returns, the proxy's matcher, and its pages.
 *
 * @param config - The app's configuration, from `loadLogtoConfig(process.env)`.
 * @param options - The app's short name and its pages.
 * @example
 * ```ts
 * // src/auth.ts
 * export const logto = LogtoNextAuth(loadLogtoConfig(process.env), { name: "web" });
 * // src/app/api/auth/[...nextauth]/route.ts
 * export const { GET, POST } = logto.handlers;
 * ```
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html
 */
export function LogtoNextAuth(config: LogtoConfig, options: LogtoNextAuthOptions): LogtoNextAuthResult {
  checkLoopbackHost(config.appUrl);
  const app = createLogtoApp(config, { name: options.name, probeExcludedPaths: PROBE_EXCLUDED_PATHS });
  const endings = new AsyncLocalStorage<{ reason?: SessionEndedReason }>();
  // The callback being handled: its request tells the jwt callback a silent sign-in from one made here, and the jwt
  // callback leaves the new session there for the fresh-session hint.
  const signIns = new AsyncLocalStorage<{ request: Request; session?: LogtoJWT }>();
  const pages: LogtoNextPages = { home: "/", error: "/auth/error", unavailable: "/auth/unavailable", ...options.pages };
  const cookieNames = authJsCookieNames(app.cookies);
  const authConfig = authJsConfig(app, pages, cookieNames, endings, signIns);
  const nextAuth = NextAuth(authConfig);
  const resourceTokens = new ResourceTokens(app, { signInPath: SIGN_IN_PATH, callbackPath: CALLBACK_PATH });
  const context: NextAuthContext = {
    app,
    pages,
    authConfig,
    nextAuth,
    hint: new SessionFreshHint(app.cookies),
    resourceTokens,
    cookieNames,
    endings,
    async token(request) {
      const req = request ?? { headers: await headers() };
      return (await getToken({
        req,
        secret: config.authSecret,
        secureCookie: app.cookies.secure,
        cookieName: cookieNames.sessionToken,
        decode: decodeAuthJsToken,
      })) as LogtoJWT | null;
    },
  };

  /**
   * A completed sign-in already carries the fresh-session hint, so that the page it lands on skips the proxy: the
   * callback just made the session, there is nothing to renew or re-check.
   */
  async function callbackWithHint(request: NextRequest): Promise<Response> {
    if (request.nextUrl.pathname !== CALLBACK_PATH) return endings.run({}, () => nextAuth.handlers.GET(request));
    if (resourceTokens.owns(request)) {
      const done = await resourceTokens.complete(request, sessionDataOf(await context.token(request)));
      const headers = new Headers({
        location: new URL(done.location, config.appUrl).href,
        "cache-control": "no-store",
      });
      for (const cookie of done.setCookies) headers.append("set-cookie", cookie);
      return new Response(null, { status: 302, headers });
    }
    const signIn: { request: Request; session?: LogtoJWT } = { request };
    const response = await signIns.run(signIn, () => nextAuth.handlers.GET(request));
    // The session the jwt callback made, once Auth.js has written it into the cookie.
    const written = response.headers.getSetCookie().some((header) => writesSessionToken(cookieNames, header));
    // The same callback again (Back to it) by a visitor who is signed in: Auth.js's check fails, but nothing did.
    if (!written && isErrorPage(response, pages.error) && (await isSignedIn(context, request))) {
      return new Response(null, { status: 303, headers: { location: new URL(pages.home, config.appUrl).href } });
    }
    const session = written ? sessionDataOf(signIn.session ?? null) : null;
    const fresh = session ? context.hint.set(session.accessTokenExpiresAt, app.nextCheckAt(session)) : undefined;
    if (!fresh) return response;
    const headers = new Headers(response.headers);
    headers.append("set-cookie", fresh);
    if (app.probe.read(request)) headers.append("set-cookie", app.probe.clear());
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  return {
    handlers: { GET: callbackWithHint, POST: (request) => endings.run({}, () => nextAuth.handlers.POST(request)) },
    auth: nextAuth.auth,
    proxy: createProxy(context),
    routes: createRoutes(context),
    client: app.client,
    ...createPageReads(context),
  };
}

/** Whether Auth.js answered with a redirect to the app's error page. */
function isErrorPage(response: Response, errorPage: string): boolean {
  const location = response.headers.get("location");
  return (
    location !== null && URL.canParse(location, "http://n") && new URL(location, "http://n").pathname === errorPage
  );
}

/**
 * Next.js hands the app every loopback address as `localhost` (`127.0.0.1`, `[::1]`): with such an `AUTH_URL`, the
 * callback would send Logto another `redirect_uri` than the sign-in did, and Logto would refuse the code.
 */
function checkLoopbackHost(appUrl: string): void {
  const url = new URL(appUrl);
  if (url.hostname === "localhost" || !isLoopback(appUrl)) return;
  url.hostname = "localhost";
  const suggested = url.origin;
  throw new LogtoConfigError([
    {
      variable: "AUTH_URL",
      message:
        `Next.js serves ${new URL(appUrl).hostname} as localhost, so Logto would refuse the sign-in (invalid_grant): ` +
        `use AUTH_URL=${suggested} and register ${suggested}${CALLBACK_PATH} as the redirect URI in Logto.`,
    },
  ]);
}

/** Auth.js's configuration: the Logto provider, the package's token format, and the session lifecycle as callbacks. */
function authJsConfig(
  app: LogtoApp,
  pages: LogtoNextPages,
  cookieNames: AuthJsCookieNames,
  endings: AsyncLocalStorage<{ reason?: SessionEndedReason }>,
  signIns: AsyncLocalStorage<{ request: Request; session?: LogtoJWT }>,
) {
  const { config } = app;
  return {
    secret: config.authSecret,
    trustHost: true,
    basePath: AUTH_BASE_PATH,
    useSecureCookies: app.cookies.secure,
    cookies: authJsCookiesOption(cookieNames),
    session: { strategy: "jwt" },
    jwt: authJsJwt,
    providers: [
      Logto({
        issuer: config.issuer,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        scopes: config.scopes,
        directSignIn: config.directSignIn,
        logtoClient: app.client,
      }),
    ],
    pages: { signIn: pages.home, error: pages.error },
    callbacks: {
      async jwt({ token, account, profile }): Promise<LogtoJWT | null> {
        if (account && profile) {
          const signIn = signIns.getStore();
          const session: LogtoJWT = {
            ...token,
            ...(await app.newSession({
              claims: profile,
              idToken: account.id_token ?? "",
              accessToken: account.access_token ?? "",
              refreshToken: account.refresh_token,
              accessTokenExpiresAt: account.expires_at ?? Math.floor(Date.now() / 1000) + 3600,
              probe: signIn ? app.probe.read(signIn.request) : null,
            })),
          };
          if (signIn) signIn.session = session;
          return session;
        }
        const data = sessionDataOf(token as LogtoJWT);
        if (!data) return null;
        const ending = endings.getStore();
        // Outside the proxy and the route handlers (a page's `auth()`) the cookie cannot be written: a check with
        // Logto made there would be repeated by the next request, and a refresh would lose the rotated token.
        if (!ending) return (await app.isRevoked(data)) ? null : token;
        const update = await app.checkSession(data);
        if (update.status === "ended") {
          ending.reason = update.reason;
          return null;
        }
        return update.status === "checked" || update.status === "refreshed" ? { ...token, ...update.session } : token;
      },
      session({ session, token }) {
        const data = sessionDataOf(token as LogtoJWT);
        if (!data) return session;
        // What Auth.js's session endpoint answers: the page's view, never the tokens.
        const { user, sid, origin, accessTokenExpiresAt, needsReauthentication } = app.view(data);
        const view = {
          user,
          sid,
          origin,
          accessTokenExpiresAt,
          needsReauthentication,
          nextCheckAt: app.nextCheckAt(data),
        };
        return { ...session, ...view };
      },
    },
  } satisfies NextAuthConfig;
}
