import { AsyncLocalStorage } from "node:async_hooks";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import NextAuth, { type NextAuthConfig, type NextAuthResult } from "next-auth";
import { getToken } from "next-auth/jwt";
import {
  appRevocations,
  appSsoProbe,
  isSecureApp,
  type LogtoSessionData,
  SessionEndedNotice,
  type SessionEndedReason,
  type SessionOrigin,
  sessionOrigin,
  signedInUser,
  stopOnIssuerMismatch,
} from "../app-session.js";
import type { LogtoConfig } from "../config.js";
import type { LogtoUser } from "../profile.js";
import { accessTokenNeedsRenewal, checkLogtoSession, nextSessionCheckAt } from "../session.js";
import { authJsJwt, decodeAuthJsToken } from "./authjs-jwt.js";
import { AUTH_BASE_PATH, CALLBACK_PATH, type LogtoJWT, type LogtoNextPages, type NextAuthContext, PROBE_EXCLUDED_PATHS } from "./context.js";
import { Logto } from "./provider.js";
import { applySetCookies, createProxy } from "./proxy.js";
import { createRoutes, type LogtoNextRoutes } from "./routes.js";
import { SESSION_ENDED_PATH, SessionFreshHint } from "./session-fresh.js";

/** Options of {@link LogtoNextAuth}. */
export interface LogtoNextAuthOptions {
  /**
   * A short name for this app, unique among the apps on one host (cookies are shared across ports on localhost):
   * it names the app's probe cookie (`<name>-sso-probe`) and prefixes its keys in Redis.
   */
  name: string;
  /** The app's pages the integration sends visitors to; each has a default. */
  pages?: Partial<LogtoNextPages>;
}

/** What a page sees of the session: the user, never the tokens. */
export interface LogtoNextSession {
  user: LogtoUser;
  /** Logto's session ID for this app (each app of one Logto session has its own). */
  sid?: string | undefined;
  /** How this session began: signed in here, or silently through an existing Logto session. */
  origin?: SessionOrigin | undefined;
  /** Epoch seconds. */
  accessTokenExpiresAt?: number | undefined;
  /** No refresh token and the access token expired: the next navigation signs in again silently. */
  needsReauthentication: boolean;
  /** When the Auth.js session cookie expires (ISO 8601). */
  expires: string;
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
  /**
   * The session of the page at `path` (a server component), or `null` when signed out. A session that ended since
   * the proxy last saw it (back-channel logout) sends the view back through the proxy, which cleans it up.
   */
  getSession(path: string): Promise<LogtoNextSession | null>;
  /** The session's tokens, for server code that calls an API with the access token; never send them to a page. */
  getTokens(): Promise<LogtoSessionData | null>;
  /**
   * Why the visitor was just signed out, for a page to say so once: `signed_out_elsewhere` (single logout from
   * another app) or `revoked_in_logto` (the user or their sessions revoked in Logto); `null` otherwise.
   */
  getSessionEndedReason(): Promise<SessionEndedReason | null>;
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
  stopOnIssuerMismatch(config);
  const endings = new AsyncLocalStorage<{ reason?: SessionEndedReason }>();
  // The callback being handled: its request tells the jwt callback a silent sign-in from one made here, and the jwt
  // callback leaves the new session there for the fresh-session hint.
  const signIns = new AsyncLocalStorage<{ request: Request; session?: LogtoJWT }>();
  const revocations = appRevocations(config, options.name);
  const pages: LogtoNextPages = { home: "/", error: "/auth/error", unavailable: "/auth/unavailable", ...options.pages };
  const secureCookie = isSecureApp(config);
  const probe = appSsoProbe(config, options.name, PROBE_EXCLUDED_PATHS);
  const authConfig = {
    secret: config.authSecret,
    trustHost: true,
    basePath: AUTH_BASE_PATH,
    useSecureCookies: secureCookie,
    session: { strategy: "jwt" },
    jwt: authJsJwt,
    providers: [
      Logto({
        issuer: config.issuer,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        scopes: config.scopes,
        directSignIn: config.directSignIn,
      }),
    ],
    pages: { signIn: pages.home, error: pages.error },
    callbacks: {
      async jwt({ token, account, profile }): Promise<LogtoJWT | null> {
        if (account && profile) {
          const signIn = signIns.getStore();
          const session: LogtoJWT = {
            ...token,
            user: await signedInUser(config, profile, account.access_token),
            sid: typeof profile.sid === "string" ? profile.sid : undefined,
            origin: sessionOrigin(signIn ? probe.read(signIn.request) : null),
            createdAt: Math.floor(Date.now() / 1000),
            checkedAt: Math.floor(Date.now() / 1000),
            ...(account.id_token ? { idToken: account.id_token } : {}),
            ...(account.access_token ? { accessToken: account.access_token } : {}),
            refreshToken: account.refresh_token,
            ...(account.expires_at ? { accessTokenExpiresAt: account.expires_at } : {}),
          };
          if (signIn) signIn.session = session;
          return session;
        }
        const session = token as LogtoJWT;
        if (!session.user) return null;
        const check = await checkLogtoSession(
          {
            sub: session.user.id,
            sid: session.sid,
            createdAt: session.createdAt ?? 0,
            accessTokenExpiresAt: session.accessTokenExpiresAt ?? Number.POSITIVE_INFINITY,
            refreshToken: session.refreshToken,
            accessToken: session.accessToken,
            checkedAt: session.checkedAt,
          },
          { issuer: config.issuer, credentials: config, revocations: await revocations(), checkInterval: config.sessionCheckInterval },
        );
        switch (check.status) {
          case "ended": {
            console.warn(`Session of ${session.user.id} ended: ${check.reason}`);
            const ending = endings.getStore();
            if (ending) ending.reason = SessionEndedNotice.reasonOf(check.reason);
            return null;
          }
          case "refreshed":
            return { ...session, ...check.tokens, checkedAt: check.checkedAt };
          case "checked":
            return { ...session, checkedAt: check.checkedAt };
          default:
            return session;
        }
      },
      session({ session, token }) {
        const logtoToken = token as LogtoJWT;
        if (!logtoToken.user) return session;
        return { ...session, ...pageView(logtoToken, logtoToken.user), nextCheckAt: nextCheckAt(logtoToken) };
      },
    },
  } satisfies NextAuthConfig;
  const nextAuth = NextAuth(authConfig);

  const context: NextAuthContext = {
    config,
    secureCookie,
    pages,
    authConfig,
    nextAuth,
    probe,
    hint: new SessionFreshHint(config),
    notice: new SessionEndedNotice(config, options.name),
    endings,
    revocations,
    async tokens(request) {
      const req = request ?? { headers: await headers() };
      return (await getToken({ req, secret: config.authSecret, secureCookie, decode: decodeAuthJsToken })) as LogtoJWT | null;
    },
  };

  async function getSession(path: string): Promise<LogtoNextSession | null> {
    if (!(await cookies()).has(context.hint.name)) return (await nextAuth.auth()) as LogtoNextSession | null;
    // The view skipped the proxy: read the cookie here and check revocation (from memory), without Auth.js
    // re-issuing a cookie that a page cannot set anyway.
    const token = await context.tokens();
    const user = token?.user;
    const renewalDue = accessTokenNeedsRenewal(token?.accessTokenExpiresAt ?? Number.POSITIVE_INFINITY);
    if (token && user && token.exp && !renewalDue && !(await isRevoked(token, user))) {
      // A check with Logto that fell due (the hint normally expires first) is made here, without a cookie to renew.
      if (Date.now() / 1000 >= nextCheckAt(token)) return (await nextAuth.auth()) as LogtoNextSession | null;
      return { ...pageView(token, user), expires: new Date(token.exp * 1000).toISOString() };
    }
    return redirect(`${SESSION_ENDED_PATH}?returnTo=${encodeURIComponent(path)}`);
  }

  function nextCheckAt(token: LogtoJWT | null): number {
    return token ? nextSessionCheckAt({ createdAt: token.createdAt ?? 0, checkedAt: token.checkedAt }, config.sessionCheckInterval) : 0;
  }

  async function isRevoked(token: LogtoJWT, user: LogtoUser): Promise<boolean> {
    return (await revocations()).isRevoked({ sid: token.sid, sub: user.id, createdAt: token.createdAt ?? 0 });
  }

  async function getTokens(): Promise<LogtoSessionData | null> {
    const token = await context.tokens();
    if (!token?.user || !token.idToken || !token.accessToken || !token.accessTokenExpiresAt) return null;
    const { user, sid, createdAt = 0, idToken, accessToken, refreshToken, accessTokenExpiresAt, checkedAt, origin } = token;
    return { user, sid, createdAt, idToken, accessToken, refreshToken, accessTokenExpiresAt, checkedAt, origin };
  }

  /**
   * A completed sign-in already carries the fresh-session hint, so that the page it lands on skips the proxy: the
   * callback just made the session, there is nothing to renew or re-check.
   */
  async function callbackWithHint(request: NextRequest): Promise<Response> {
    if (request.nextUrl.pathname !== CALLBACK_PATH) return nextAuth.handlers.GET(request);
    const signIn: { request: Request; session?: LogtoJWT } = { request };
    const response = await signIns.run(signIn, () => nextAuth.handlers.GET(request));
    // The session the jwt callback made, once Auth.js has written it into the cookie.
    const written = response.headers.getSetCookie().some((cookie) => /^(__Secure-)?authjs\.session-token(\.\d+)?=[^;]/.test(cookie));
    const session = written ? signIn.session : undefined;
    const fresh = session?.user ? context.hint.set(session.accessTokenExpiresAt, nextCheckAt(session)) : undefined;
    if (!fresh) return response;
    const headers = new Headers(response.headers);
    headers.append("set-cookie", fresh);
    if (context.probe.read(request)) headers.append("set-cookie", context.probe.clear());
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  return {
    handlers: { GET: callbackWithHint, POST: nextAuth.handlers.POST },
    auth: nextAuth.auth,
    proxy: createProxy(context),
    routes: createRoutes(context),
    getSession,
    getTokens,
    async getSessionEndedReason() {
      return context.notice.parse((await cookies()).get(context.notice.name)?.value);
    },
  };
}

/** What a page sees of the session token: the Auth.js `session` callback and {@link getSession} build it here. */
function pageView(token: LogtoJWT, user: LogtoUser): Omit<LogtoNextSession, "expires"> {
  const expired = !token.refreshToken && !!token.accessTokenExpiresAt && accessTokenNeedsRenewal(token.accessTokenExpiresAt);
  return { user, sid: token.sid, origin: token.origin, accessTokenExpiresAt: token.accessTokenExpiresAt, needsReauthentication: expired };
}
