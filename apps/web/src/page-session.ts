import "server-only";
import { accessTokenNeedsRenewal } from "@logto-hf/auth-config";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth, sessionOf } from "~/auth";
import { revocations } from "~/revocations";
import { SESSION_ENDED_PATH, SESSION_FRESH_COOKIE } from "~/session-fresh";
import { getSessionTokens } from "~/session-tokens";

/**
 * The session of a page at `path`.
 *
 * A view without the fresh-session hint went through the proxy, which renewed or cleared the session and passed
 * the result on: Auth.js reads it. A view with the hint skipped the proxy: the page decrypts the session cookie
 * itself and checks revocation (from memory), without Auth.js re-issuing a cookie it could not set anyway. If that
 * session has ended (back-channel logout, a tampered cookie) or is due for renewal, the view goes through
 * {@link SESSION_ENDED_PATH}, which drops the hint, so that the proxy does its work.
 */
export async function pageSession(path: string): Promise<Session | null> {
  const jar = await cookies();
  if (!jar.has(SESSION_FRESH_COOKIE)) return auth();
  const token = await getSessionTokens();
  const user = token?.user;
  if (token && user && token.exp && !(await isRevoked(token, user.id)) && !accessTokenNeedsRenewal(token.accessTokenExpiresAt ?? Number.POSITIVE_INFINITY)) {
    return { ...sessionOf(token, user), expires: new Date(token.exp * 1000).toISOString() };
  }
  redirect(`${SESSION_ENDED_PATH}?returnTo=${encodeURIComponent(path)}`);
}

async function isRevoked(token: JWT, sub: string): Promise<boolean> {
  return (await revocations()).isRevoked({ sid: token.sid, sub, createdAt: token.createdAt ?? 0 });
}
