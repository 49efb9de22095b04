import "server-only";
import type { Session } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "~/auth";
import { SESSION_ENDED_PATH, SESSION_FRESH_COOKIE } from "~/session-fresh";

/**
 * The session of a page at `path`. A view that carried the fresh-session hint skipped the proxy; if it finds no
 * session, the one it had has ended since (back-channel logout, a tampered cookie): the view goes through
 * {@link SESSION_ENDED_PATH}, which drops the hint, so that the proxy clears the session and tries a silent
 * sign-in, as for any visitor without a session.
 */
export async function pageSession(path: string): Promise<Session | null> {
  const session = await auth();
  if (!session && (await cookies()).has(SESSION_FRESH_COOKIE)) {
    redirect(`${SESSION_ENDED_PATH}?returnTo=${encodeURIComponent(path)}`);
  }
  return session;
}
