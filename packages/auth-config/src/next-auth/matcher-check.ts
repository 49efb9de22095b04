import type { NextRequest } from "next/server";
import { isSessionTokenCookie } from "./authjs-cookies.js";
import { AUTH_BASE_PATH, type NextAuthContext, SIGN_IN_PATH } from "./context.js";

/**
 * With the README's matcher, a page GET that carries both the session and the fresh-session hint never reaches the
 * proxy. When one does, the matcher in `proxy.ts` names other cookies than this app's (a copied matcher with another
 * app's name): every page view then pays for a pass through the proxy. Said once per process, with the names to use.
 */
export function createMatcherCheck(context: NextAuthContext): (request: NextRequest) => void {
  let warned = false;
  return (request) => {
    if (warned || request.method !== "GET") return;
    const path = request.nextUrl.pathname;
    if (path.startsWith(`${AUTH_BASE_PATH}/`) || path === SIGN_IN_PATH) return;
    if (request.headers.has("content-type") || request.headers.has("next-action")) return;
    if (!request.cookies.has(context.hint.name)) return;
    if (!request.cookies.getAll().some(({ name }) => isSessionTokenCookie(context.cookieNames, name))) return;
    warned = true;
    const { name } = context.app;
    console.warn(
      `[@logto-hf/auth-config] The proxy ran for ${path} though the request carries this app's session and its ` +
        `fresh-session hint: the matcher in proxy.ts names other cookies. For the app named "${name}", write ` +
        `"${name}-session-fresh", "__Host-${name}-session-fresh", "${name}-session-token" and ` +
        `"__Host-${name}-session-token" in its "missing" entries (see the package README).`,
    );
  };
}
