import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { handleBackchannelLogout } from "../core/backchannel.js";
import { RESOURCE_PARAM } from "../core/resource-tokens.js";
import { returnToOf } from "../core/return-to.js";
import { isSameOriginRequest } from "../core/same-origin.js";
import { sessionEndedLanding } from "../core/session-ended.js";
import { LogtoError } from "../errors.js";
import { isSignedIn, type NextAuthContext, PROVIDER_ID, sessionDataOf } from "./context.js";

/** A Next.js route handler. */
export type RouteHandler = (request: NextRequest) => Promise<Response>;

/** The route handlers of a Logto app, one per route file (see the README for the paths). */
export interface LogtoNextRoutes {
  /**
   * `app/auth/sign-in/route.ts`: `GET /auth/sign-in?returnTo=/path` starts a sign-in; 503 when Logto is down; a
   * visitor already signed in goes straight back to the path.
   */
  signIn: { GET: RouteHandler };
  /** `app/auth/sign-out/route.ts`: `POST /auth/sign-out` from the app's own page signs out of every app. */
  signOut: { POST: RouteHandler };
  /**
   * `app/auth/session-ended/route.ts`: drops the fresh-session hint and goes back to `returnTo`; with `reason` (a
   * page that needs a session found the visitor just signed out), to the `signedOut` page that says why instead.
   */
  sessionEnded: { GET: RouteHandler };
  /** `app/api/auth/backchannel-logout/route.ts`: Logto's back-channel logout. */
  backchannelLogout: { POST: RouteHandler };
}

export function createRoutes(context: NextAuthContext): LogtoNextRoutes {
  const { app, nextAuth, hint } = context;
  const { config, probe, client } = app;
  return {
    signIn: {
      async GET(request) {
        // The proxy answers this with the unavailable page and 503; an app whose matcher misses it lands there too.
        if (!(await client.isReachable())) {
          return new Response(null, {
            status: 303,
            headers: { location: new URL(context.pages.unavailable, config.appUrl).href },
          });
        }
        if (request.nextUrl.searchParams.has(RESOURCE_PARAM)) {
          // An access token for an API resource: to Logto and back without a click (a signed-in session only).
          const session = sessionDataOf(await context.token(request));
          const started = await context.resourceTokens.start(session, request.nextUrl);
          if (started) {
            const headers = new Headers({ location: started.location, "cache-control": "no-store" });
            for (const cookie of started.setCookies) headers.append("set-cookie", cookie);
            return new Response(null, { status: 302, headers });
          }
        }
        const returnTo = returnToOf(request.nextUrl);
        // Signed in already (Back to an old sign-in page, a second tab): nothing to do at Logto.
        if (await isSignedIn(context, request)) {
          const location = new URL(returnTo, config.appUrl).href;
          return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
        }
        if (probe.dropPending(request)) (await cookies()).delete({ name: probe.cookieName, path: "/" });
        // Auth.js starts a sign-in only from a POST or a server-side call: a link or a redirect comes here.
        await nextAuth.signIn(PROVIDER_ID, { redirectTo: returnTo });
        throw new LogtoError("internal.no_redirect", "Auth.js did not redirect to Logto.");
      },
    },
    signOut: {
      async POST(request) {
        if (!isSameOriginRequest(request, config.appUrl)) {
          return new Response("Sign-out must be requested from this application.", { status: 403 });
        }
        const token = await context.token(request);
        await nextAuth.signOut({ redirect: false });
        const endSession = await app.signOut({ idToken: token?.idToken, refreshToken: token?.refreshToken });
        const headers = new Headers({ location: endSession.location, "cache-control": "no-store" });
        headers.append("set-cookie", endSession.setCookie);
        // Just signed out: no silent sign-in on the way back from Logto.
        headers.append("set-cookie", probe.serialize(probe.signedOut()));
        headers.append("set-cookie", hint.clear());
        return new Response(null, { status: 303, headers });
      },
    },
    sessionEnded: {
      async GET(request) {
        // A page streamed before it found the session ended (Cache Components send the layout first) redirects in the
        // browser, with a fetch for React Server Components: a plain answer makes Next.js load this URL as a document.
        if (request.headers.has("rsc")) {
          return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
        }
        const returnTo = returnToOf(request.nextUrl);
        const reason = request.nextUrl.searchParams.get("reason");
        const headers = new Headers({ "set-cookie": hint.clear(), "cache-control": "no-store" });
        const { signedOut } = context.pages;
        if (signedOut && app.notice.isReason(reason)) {
          headers.set("location", new URL(sessionEndedLanding(signedOut, returnTo), config.appUrl).href);
          headers.append("set-cookie", app.notice.set(reason));
        } else {
          headers.set("location", new URL(returnTo, config.appUrl).href);
        }
        return new Response(null, { status: 303, headers });
      },
    },
    backchannelLogout: {
      async POST(request) {
        return handleBackchannelLogout(request, { client, store: await app.revocations() });
      },
    },
  };
}
