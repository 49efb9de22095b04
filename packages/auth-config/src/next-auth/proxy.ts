import { Auth } from "@auth/core";
import { type NextRequest, NextResponse } from "next/server";
import { applySetCookies } from "../core/cookies.js";
import { isSameOriginRequest } from "../core/same-origin.js";
import type { SessionEndedReason } from "../core/session-ended.js";
import { isSessionTokenCookie } from "./authjs-cookies.js";
import { silentAuthorizationRedirect } from "./authorization.js";
import { AUTH_BASE_PATH, CALLBACK_PATH, isSignedIn, type NextAuthContext, SIGN_IN_PATH } from "./context.js";
import { createMatcherCheck } from "./matcher-check.js";

/** What the session endpoint answers, as far as the proxy needs it. */
interface SessionSummary {
  user?: unknown;
  needsReauthentication?: boolean;
  accessTokenExpiresAt?: number;
  nextCheckAt?: number;
}

/**
 * The Next.js proxy: for a page request with work to do (see the matcher in the README), reads the session once
 * (refreshing tokens or dropping a revoked session, with the new cookie passed on to the page), then, for an
 * anonymous page navigation, tries a silent sign-in. A signed-in session gets the fresh-session hint, so that its
 * next requests skip the proxy until the access token is due for renewal.
 */
export function createProxy(context: NextAuthContext): (request: NextRequest) => Promise<Response> {
  const { app, hint } = context;
  const { config, probe, notice, client } = app;
  const checkMatcher = createMatcherCheck(context);
  return async function proxy(request) {
    checkMatcher(request);
    if (request.nextUrl.pathname === CALLBACK_PATH) return handleCallbackError(context, request);
    // Back from Logto's end-session endpoint: the sign-out ended every app's session, which the page can now say.
    const signedOut = notice.confirmSignOut(request);
    if (signedOut) {
      const response = NextResponse.redirect(new URL(signedOut.location, config.appUrl), 303);
      response.headers.append("set-cookie", signedOut.setCookie);
      return response;
    }
    if (request.nextUrl.pathname === SIGN_IN_PATH && !(await client.isReachable())) {
      return signInUnavailable(context, request);
    }
    // Next.js answers a cross-site server action with a 500; refuse it plainly before it gets there.
    if (request.method === "POST" && !isSameOriginRequest(request, config.appUrl)) {
      return new NextResponse("This form must be sent from this application.", { status: 403 });
    }

    const ending: { reason?: SessionEndedReason } = {};
    const { session, setCookies } = await context.endings.run(ending, () => readSession(context, request));
    const signedIn = Boolean(session?.user) && !session?.needsReauthentication;

    if (probe.shouldProbe(request, { signedIn }) && (await client.isReachable())) {
      const { state, setCookie } = probe.start(request);
      const redirect = await silentAuthorizationRedirect(context, "none", state.returnTo);
      // Logto went away since the check: render the page signed out.
      if (redirect) {
        // A session that just ended (back-channel logout, revoked in Logto) is dropped before the browser leaves.
        for (const cookie of setCookies) redirect.headers.append("set-cookie", cookie);
        redirect.headers.append("set-cookie", setCookie);
        // Why the session ended, for the page the probe comes back to.
        if (ending.reason) redirect.headers.append("set-cookie", notice.set(ending.reason));
        return redirect;
      }
    }

    // Not on a POST: a sign-out ends the session in the same request.
    const fresh =
      signedIn && request.method === "GET" ? hint.set(session?.accessTokenExpiresAt, session?.nextCheckAt) : undefined;
    const hintCookie = fresh ?? (request.cookies.has(hint.name) ? hint.clear() : undefined);
    const pageCookies = hintCookie ? [...setCookies, hintCookie] : setCookies;
    const headers = new Headers(request.headers);
    // The page sees the session as renewed here, and with the hint it reads the cookie without a second Auth.js pass;
    // it sees why a session ended once: the notice reaches this page, and the browser is told to drop it.
    const shownNotice = ending.reason ? [notice.set(ending.reason)] : [];
    headers.set("cookie", applySetCookies(request.headers.get("cookie") ?? "", [...pageCookies, ...shownNotice]));
    const response = NextResponse.next({ request: { headers } });
    for (const cookie of pageCookies) response.headers.append("set-cookie", cookie);
    if (signedIn && probe.read(request)) response.headers.append("set-cookie", probe.clear());
    const settled = signedIn ? undefined : probe.settle(request);
    if (settled) response.headers.append("set-cookie", settled);
    if (notice.read(request) && request.method === "GET") response.headers.append("set-cookie", notice.clear());
    return response;
  };
}

/** The session as Auth.js's session endpoint answers it (renewed, or dropped), or none without a session cookie. */
async function readSession(
  context: NextAuthContext,
  request: NextRequest,
): Promise<{ session: SessionSummary | null; setCookies: string[] }> {
  const hasSessionCookie = request.cookies.getAll().some(({ name }) => isSessionTokenCookie(context.cookieNames, name));
  if (!hasSessionCookie) return { session: null, setCookies: [] };
  const sessionRequest = new Request(`${context.app.config.appUrl}${AUTH_BASE_PATH}/session`, {
    headers: request.headers,
  });
  const response = await Auth(sessionRequest, context.authConfig);
  return { session: (await response.json()) as SessionSummary | null, setCookies: response.headers.getSetCookie() };
}

/**
 * Auth.js turns any error at the callback into `OAuthCallbackError`; the probe needs the real code first:
 * `consent_required` retries with consent, `login_required` shows the page signed out.
 */
async function handleCallbackError(context: NextAuthContext, request: NextRequest): Promise<Response> {
  const { config, probe } = context.app;
  // A silent trip for an access token: the callback route completes it, errors included.
  if (context.resourceTokens.owns(request)) return NextResponse.next();
  const params = request.nextUrl.searchParams;
  // Logto sends every answer with the request's state: without one, this is not an answer to a sign-in of ours.
  const error = params.has("state") ? params.get("error") : "not_a_response";
  if (!error) return NextResponse.next();
  const outcome = probe.onError(request, error);
  if (outcome.action === "not-a-probe") {
    // An old sign-in page used again (Back, then Allow) by a visitor who is signed in: nothing failed.
    if (await isSignedIn(context, request))
      return NextResponse.redirect(new URL(context.pages.home, config.appUrl), 303);
    // Rendered, not redirected: a client that keeps no cookies must come to rest here, not probe again.
    return servePage(request, `${context.pages.error}?error=${encodeURIComponent(error)}`, 400);
  }
  const retry =
    outcome.action === "retry-with-consent"
      ? await silentAuthorizationRedirect(context, "consent", outcome.state.returnTo)
      : null;
  const response = retry ?? NextResponse.redirect(new URL(outcome.state.returnTo, config.appUrl), 303);
  response.headers.append("set-cookie", probe.serialize(outcome.state));
  return response;
}

/**
 * Logto does not answer: the app's own page says so, with its layout and status 503, rather than an error from deep
 * inside Auth.js.
 */
function signInUnavailable(context: NextAuthContext, request: NextRequest): Promise<Response> {
  const fallback = "Sign-in is unavailable: the sign-in service does not answer. Please try again in a moment.";
  return servePage(request, context.pages.unavailable, 503, fallback, { "retry-after": "10" });
}

/**
 * One of the app's pages answered with `status`. Next.js renders a rewritten page with 200 whatever the proxy asks,
 * so the page is fetched from this server and answered here; only failed sign-ins pay for it.
 */
async function servePage(
  request: NextRequest,
  path: string,
  status: number,
  fallback = "The sign-in did not complete. Start again from the home page.",
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...extraHeaders };
  try {
    const page = await fetch(new URL(path, request.nextUrl.origin), {
      headers: { accept: "text/html" },
      signal: AbortSignal.timeout(2_000),
    });
    return new Response(page.body, { status, headers });
  } catch {
    return new Response(fallback, { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  }
}
