import { Auth } from "@auth/core";
import { isIssuerReachable, isSameOriginRequest } from "@logto-hf/auth-config";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "~/auth";
import { logto, skipSessionCheck } from "~/env";
import { clearSessionFreshCookie, sessionFreshCookie, SESSION_FRESH_COOKIE } from "~/session-fresh";
import { authorizationRedirect, probe } from "~/sso";

const CALLBACK_PATH = "/api/auth/callback/logto";

/**
 * Page requests with work to do (see `config`): reads the session once (refreshing tokens or dropping a revoked
 * session, with the new cookie passed on to the page), then, for an anonymous page navigation, tries a silent
 * sign-in. A signed-in session gets the fresh-session hint, so that its next requests skip the proxy until the
 * access token is due for renewal.
 */
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname === CALLBACK_PATH) return handleCallbackError(request);
  // Next.js answers a cross-site server action with a 500; refuse it plainly before it gets there.
  if (request.method === "POST" && !isSameOriginRequest(request, logto.appUrl)) {
    return new NextResponse("This form must be sent from this application.", { status: 403 });
  }
  if (skipSessionCheck) return NextResponse.next();

  const sessionResponse = await Auth(
    new Request(`${logto.appUrl}/api/auth/session`, { headers: request.headers }),
    authConfig,
  );
  const session = (await sessionResponse.json()) as { user?: unknown; needsReauthentication?: boolean; accessTokenExpiresAt?: number } | null;
  const setCookies = sessionResponse.headers.getSetCookie();
  const signedIn = Boolean(session?.user) && !session?.needsReauthentication;

  if (probe.shouldProbe(request, { signedIn }) && (await isIssuerReachable(logto.issuer))) {
    const { state, setCookie } = probe.start(request);
    const redirect = await authorizationRedirect(request, "none", state.returnTo);
    // Auth.js could not build the request (the IdP went away since the check): render the page signed out.
    if (redirect.headers.get("location")?.startsWith(logto.issuer)) {
      redirect.headers.append("set-cookie", setCookie);
      return redirect;
    }
  }

  const headers = new Headers(request.headers);
  headers.set("cookie", applySetCookies(request.headers.get("cookie") ?? "", setCookies));
  const response = NextResponse.next({ request: { headers } });
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  if (signedIn && probe.read(request)) response.headers.append("set-cookie", probe.clear());
  // Not on a POST: a sign-out action ends the session in the same request.
  const hint = signedIn && request.method === "GET" ? sessionFreshCookie(session?.accessTokenExpiresAt) : undefined;
  if (hint) response.headers.append("set-cookie", hint);
  else if (request.cookies.has(SESSION_FRESH_COOKIE)) response.headers.append("set-cookie", clearSessionFreshCookie());
  return response;
}

/**
 * Auth.js turns any error at the callback into `OAuthCallbackError`; the probe needs the real code first:
 * `consent_required` retries with consent, `login_required` shows the page signed out.
 */
async function handleCallbackError(request: NextRequest) {
  const error = request.nextUrl.searchParams.get("error");
  if (!error) return NextResponse.next();
  const outcome = probe.onError(request, error);
  // Rendered, not redirected: a client that keeps no cookies must come to rest here, not probe again.
  if (outcome.action === "not-a-probe") {
    return NextResponse.rewrite(new URL(`/auth/error?error=${encodeURIComponent(error)}`, request.url), { status: 400 });
  }
  const response =
    outcome.action === "retry-with-consent"
      ? await authorizationRedirect(request, "consent", outcome.state.returnTo)
      : NextResponse.redirect(new URL(outcome.state.returnTo, logto.appUrl), 303);
  response.headers.append("set-cookie", probe.serialize(outcome.state));
  return response;
}

/** The request's Cookie header with the response's Set-Cookie applied, so the page sees the refreshed session. */
function applySetCookies(cookieHeader: string, setCookies: string[]): string {
  const jar = new Map<string, string>();
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  for (const setCookie of setCookies) {
    const [pair = "", ...attributes] = setCookie.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const removed = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
    if (removed) jar.delete(name);
    else jar.set(name, pair.slice(eq + 1).trim());
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/**
 * The proxy runs only where it has work: anonymous visitors (silent sign-in) and sessions due for renewal (no
 * fresh-session hint), form posts and server actions (the cross-site check), and Logto's callback. A signed-in
 * page view within the access token's lifetime goes straight to the page, which reads the session itself.
 * Each cookie under its http and its https (`__Host-`/`__Secure-`) name; `missing` means none of them is sent.
 * Next.js reads this at build time: literals only.
 */
export const config = {
  matcher: [
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", missing: [{ type: "cookie", key: "authjs.session-fresh" }, { type: "cookie", key: "__Host-authjs.session-fresh" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", missing: [{ type: "cookie", key: "authjs.session-token" }, { type: "cookie", key: "__Secure-authjs.session-token" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "content-type" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] },
    "/api/auth/callback/logto",
  ],
};
