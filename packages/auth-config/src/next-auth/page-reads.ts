import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { ThirdPartyToken } from "../client/third-party-token.js";
import type { LogtoUser } from "../core/profile.js";
import { accessTokenNeedsRenewal } from "../core/session-check.js";
import type { LogtoSession } from "../core/session-data.js";
import type { SessionEndedReason } from "../core/session-ended.js";
import { HUGGING_FACE_TARGET } from "../core/third-party-tokens.js";
import { type NextAuthContext, SIGN_IN_PATH, sessionDataOf } from "./context.js";
import { SESSION_ENDED_PATH } from "./session-fresh.js";

/** What a server component reads: the same reads, with the same contracts, as the Remix integration's loaders. */
export interface NextPageReads {
  getSession(path: string): Promise<LogtoSession | null>;
  getUser(path: string): Promise<LogtoUser | null>;
  requireUser(path: string): Promise<LogtoUser>;
  getSessionEndedReason(): Promise<SessionEndedReason | null>;
  getHuggingFaceToken(request?: Request): Promise<ThirdPartyToken>;
  getAccessToken(path: string, resource: string): Promise<string>;
}

export function createPageReads(context: NextAuthContext): NextPageReads {
  const { app, nextAuth, hint } = context;

  async function getSession(path: string): Promise<LogtoSession | null> {
    // Per request, never prerendered: with Cache Components, reading the clock (token expiry) needs this first.
    await connection();
    if ((await cookies()).has(hint.name)) {
      // The view skipped the proxy: read the cookie here and check revocation (from memory), without Auth.js
      // re-issuing a cookie that a page cannot set anyway.
      const data = sessionDataOf(await context.token());
      if (!data || accessTokenNeedsRenewal(data.accessTokenExpiresAt) || (await app.isRevoked(data))) {
        return redirect(`${SESSION_ENDED_PATH}?returnTo=${encodeURIComponent(path)}`);
      }
      // A check with Logto that fell due meanwhile waits for the next request: the hint has expired by then, so it
      // goes through the proxy, which can save the outcome.
      return app.view(data);
    }
    // The proxy renewed or dropped the session in this request already; Auth.js's pass checks revocation once more,
    // and never asks Logto (a page cannot save the outcome).
    if (!(await nextAuth.auth())?.user) return null;
    const data = sessionDataOf(await context.token());
    return data ? app.view(data) : null;
  }

  async function getUser(path: string): Promise<LogtoUser | null> {
    return (await getSession(path))?.user ?? null;
  }

  return {
    getSession,
    getUser,
    async requireUser(path) {
      const user = await getUser(path);
      if (user) return user;
      // Just signed out (single logout, revoked in Logto): the app's page says why before a new sign-in. Only the
      // session-ended route can keep the notice on the way there: a page cannot set cookies.
      const reason = context.pages.signedOut ? app.notice.parse((await cookies()).get(app.notice.name)?.value) : null;
      const returnTo = encodeURIComponent(path);
      return redirect(
        reason ? `${SESSION_ENDED_PATH}?returnTo=${returnTo}&reason=${reason}` : `${SIGN_IN_PATH}?returnTo=${returnTo}`,
      );
    },
    async getAccessToken(path, resource) {
      const answer = await context.resourceTokens.accessToken(await getSession(path), resource, {
        cookieHeader: (await headers()).get("cookie"),
        returnTo: path,
      });
      return "redirect" in answer ? redirect(answer.redirect) : answer.token.accessToken;
    },
    async getSessionEndedReason() {
      return app.notice.parse((await cookies()).get(app.notice.name)?.value);
    },
    async getHuggingFaceToken(request) {
      // The session of this request as the proxy left it; a revoked one has no token.
      const data = sessionDataOf(await context.token(request));
      return app.thirdPartyToken(data && !(await app.isRevoked(data)) ? data : null, HUGGING_FACE_TARGET);
    },
  };
}
