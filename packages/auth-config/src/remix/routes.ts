import { OAuth2RequestError } from "remix-auth-oauth2";
import { handleBackchannelLogout } from "../core/backchannel.js";
import { RESOURCE_PARAM } from "../core/resource-tokens.js";
import { RETURN_TO_PARAM, returnToOf, safeReturnTo } from "../core/return-to.js";
import { isSameOriginRequest } from "../core/same-origin.js";
import { isSignInCancelled, signInErrorMessage } from "../core/sign-in-errors.js";
import { LogtoError } from "../errors.js";
import type { FrameworkAnswers, RemixAuthContext } from "./context.js";
import { redirect, sessionDataOf, writeSessionData } from "./session-cookie.js";

interface Args {
  request: Request;
}

/**
 * The route handlers of a Logto app, one per route module (see the README for the paths). `Unavailable` and `Failed`
 * are what the framework's `data()` makes of `{ unavailable: true }` and `{ message }`.
 */
export interface LogtoAuthRoutes<Unavailable, Failed> {
  /**
   * `app/routes/auth.sign-in.tsx`: a GET `?returnTo=` or a form POST starts a sign-in; `{ unavailable: true }` with
   * 503 when Logto is down.
   */
  signIn: { loader(args: Args): Promise<Unavailable>; action(args: Args): Promise<Unavailable> };
  /**
   * `app/routes/auth.callback.tsx`: completes a sign-in or a silent probe; `{ message, cancelled }` with 400 when it
   * did not sign in (`cancelled`: the visitor declined, see `isSignInCancelled`).
   */
  callback: { loader(args: Args): Promise<Failed> };
  /** `app/routes/auth.sign-out.tsx`: a POST from the app's own page signs out of every app. */
  signOut: { loader(): never; action(args: Args): Promise<Response> };
  /** `app/routes/auth.backchannel-logout.tsx`: Logto's back-channel logout. */
  backchannelLogout: { loader(): Response; action(args: Args): Promise<Response> };
}

export function createRoutes<Unavailable, Failed>(
  context: RemixAuthContext,
  answers: FrameworkAnswers<Unavailable, Failed>,
): LogtoAuthRoutes<Unavailable, Failed> {
  const { app, sessionStorage, oauthState, resourceTokens } = context;
  const unavailable = () =>
    answers.unavailable({ status: 503, headers: { "Retry-After": "10", "Cache-Control": "no-store" } });
  const failed = (code: string | null, message: string, headers: Headers) =>
    answers.failed({ message, cancelled: isSignInCancelled(code) }, { status: 400, headers });
  const { config, probe, client } = app;

  /** Sends the browser to Logto, remembering where to come back to; the strategy answers with a redirect. */
  async function startSignIn(request: Request, returnTo: string) {
    // Signed in already (Back to an old sign-in page, a second tab): nothing to do at Logto.
    if (await context.isSignedIn(request)) throw redirect(returnTo, { status: 303 });
    if (!(await client.isReachable())) return unavailable();
    const authenticator = await context.authenticator();
    const session = await context.getSession(request);
    session.flashReturnTo(returnTo);
    try {
      await authenticator.authenticate("logto", request);
    } catch (thrown) {
      if (thrown instanceof Response) {
        thrown.headers.append("Set-Cookie", await sessionStorage.commitSession(session));
        const dropProbe = probe.dropPending(request);
        if (dropProbe) thrown.headers.append("Set-Cookie", dropProbe);
        throw oauthState.bound(request, thrown);
      }
      throw thrown;
    }
    throw new LogtoError("internal.no_redirect", "The Logto strategy did not redirect to the issuer.");
  }

  /** To Logto and back for an access token of `?resource=` (a signed-in session's), or `null` to sign in first. */
  async function startResourceAuthorization(request: Request) {
    if (!(await client.isReachable())) return unavailable();
    const session = sessionDataOf(await context.getSession(request));
    const started = await resourceTokens.start(session, new URL(request.url));
    if (!started) return null;
    const headers = new Headers();
    for (const cookie of started.setCookies) headers.append("Set-Cookie", cookie);
    throw redirect(started.location, { headers });
  }

  /** The probe's next step: again with `prompt=consent`, remembering the probe. */
  async function probeRedirect(request: Request, prompt: "consent", probeCookie: string): Promise<Response> {
    const response = await (await context.strategy()).authorizationRedirect(request, { prompt });
    response.headers.append("Set-Cookie", probeCookie);
    return oauthState.bound(request, response);
  }

  return {
    signIn: {
      async loader({ request }) {
        const url = new URL(request.url);
        if (url.searchParams.has(RESOURCE_PARAM)) {
          const answer = await startResourceAuthorization(request);
          if (answer) return answer;
        }
        return startSignIn(request, returnToOf(url));
      },
      async action({ request }) {
        // remix-auth copies the request, so its body must still be unread.
        const form = await request
          .clone()
          .formData()
          .catch(() => null);
        if (!form) throw new Response("The sign-in form could not be read.", { status: 400 });
        return startSignIn(request, safeReturnTo(form.get(RETURN_TO_PARAM)));
      },
    },
    callback: {
      async loader({ request }) {
        const params = new URL(request.url).searchParams;
        // Logto sends every answer with the request's state: without one, this is not an answer to a sign-in of ours.
        if (!params.has("state")) {
          if (await context.isSignedIn(request)) throw redirect("/", { status: 303 });
          return failed("not_a_response", signInErrorMessage("not_a_response"), new Headers());
        }
        if (resourceTokens.owns(request)) {
          const session = sessionDataOf(await context.getSession(request));
          const done = await resourceTokens.complete(request, session);
          const headers = new Headers();
          for (const cookie of done.setCookies) headers.append("Set-Cookie", cookie);
          throw redirect(done.location, { headers });
        }
        const authenticator = await context.authenticator();
        const session = await context.getSession(request);
        const headers = new Headers();
        for (const clear of oauthState.clearUsed(request)) headers.append("Set-Cookie", clear);
        try {
          const signedIn = await authenticator.authenticate("logto", request);
          const probeState = probe.read(request);
          const returnTo = probeState?.returnTo ?? session.takeReturnTo() ?? "/";
          writeSessionData(session, signedIn);
          headers.append("Set-Cookie", await sessionStorage.commitSession(session));
          headers.append("Set-Cookie", probe.clear());
          throw redirect(safeReturnTo(returnTo), { headers });
        } catch (thrown) {
          if (thrown instanceof Response) throw thrown;
          // The strategy checked state and issuer before surfacing the IdP's error: it answers our own request.
          if (thrown instanceof OAuth2RequestError) {
            const outcome = probe.onError(request, thrown.code);
            if (outcome.action === "retry-with-consent") {
              const retry = await probeRedirect(request, "consent", probe.serialize(outcome.state));
              for (const clear of headers.getSetCookie()) retry.headers.append("Set-Cookie", clear);
              throw retry;
            }
            if (outcome.action === "signed-out") {
              headers.append("Set-Cookie", probe.serialize(outcome.state));
              throw redirect(outcome.state.returnTo, { headers });
            }
          }
          const code = thrown instanceof OAuth2RequestError ? thrown.code : null;
          // An old sign-in page used again (Back, then Allow) by a visitor who is signed in: nothing failed.
          if (await context.isSignedIn(request)) throw redirect("/", { status: 303, headers });
          const message = code
            ? signInErrorMessage(code)
            : "The sign-in response could not be verified. Please start again.";
          console.warn("Sign-in callback refused:", thrown instanceof Error ? thrown.message : thrown);
          headers.append("Set-Cookie", await sessionStorage.commitSession(session));
          return failed(code, message, headers);
        }
      },
    },
    signOut: {
      loader() {
        throw new Response("Sign out with a POST from the application's Sign out button.", {
          status: 405,
          headers: { Allow: "POST" },
        });
      },
      async action({ request }) {
        if (!isSameOriginRequest(request, config.appUrl)) {
          throw new Response("Sign-out must be requested from this application.", { status: 403 });
        }
        const session = await context.getSession(request);
        const endSession = await app.signOut({
          idToken: session.get("idToken"),
          refreshToken: session.get("refreshToken"),
        });
        const headers = new Headers({ "Set-Cookie": await sessionStorage.destroySession() });
        // Just signed out: no silent sign-in on the way back from Logto.
        headers.append("Set-Cookie", probe.serialize(probe.signedOut()));
        headers.append("Set-Cookie", endSession.setCookie);
        return redirect(endSession.location, { status: 303, headers });
      },
    },
    backchannelLogout: {
      loader: () => new Response("Back-channel logout accepts POST only.", { status: 405, headers: { Allow: "POST" } }),
      action: async ({ request }) => handleBackchannelLogout(request, { client, store: await app.revocations() }),
    },
  };
}
