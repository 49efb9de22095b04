import "server-only";
import { accessTokenNeedsRenewal } from "@logto-hf/auth-config";
import type { Session } from "next-auth";
import { decode, type JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth, sessionOf } from "~/auth";
import { logto } from "~/env";
import { revocations } from "~/revocations";
import { SESSION_ENDED_PATH, SESSION_FRESH_COOKIE } from "~/session-fresh";

const SESSION_COOKIE = logto.appUrl.startsWith("https:") ? "__Secure-authjs.session-token" : "authjs.session-token";

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
  const token = await readSessionToken(jar);
  const user = token?.user;
  if (token && user && token.exp && !(await isRevoked(token, user.id)) && !accessTokenNeedsRenewal(token.accessTokenExpiresAt ?? Number.POSITIVE_INFINITY)) {
    return { ...sessionOf(token, user), expires: new Date(token.exp * 1000).toISOString() };
  }
  redirect(`${SESSION_ENDED_PATH}?returnTo=${encodeURIComponent(path)}`);
}

/** The session JWT (Auth.js splits a large one into `name.0`, `name.1`, …), or null if it does not decrypt. */
async function readSessionToken(jar: Awaited<ReturnType<typeof cookies>>): Promise<JWT | null> {
  const chunks = jar
    .getAll()
    .filter((cookie) => cookie.name.startsWith(`${SESSION_COOKIE}.`))
    .sort((a, b) => Number(a.name.slice(SESSION_COOKIE.length + 1)) - Number(b.name.slice(SESSION_COOKIE.length + 1)));
  const value = jar.get(SESSION_COOKIE)?.value ?? chunks.map((cookie) => cookie.value).join("");
  if (!value) return null;
  return decode({ token: value, secret: logto.authSecret, salt: SESSION_COOKIE }).catch(() => null);
}

async function isRevoked(token: JWT, sub: string): Promise<boolean> {
  return (await revocations()).isRevoked({ sid: token.sid, sub, createdAt: token.createdAt ?? 0 });
}
