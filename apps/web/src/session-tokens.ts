import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { headers } from "next/headers";
import { logto } from "~/env";

/** The session's tokens, for server code only: they never go into a page or the session endpoint. */
export async function getSessionTokens(): Promise<JWT | null> {
  return getToken({
    req: { headers: await headers() },
    secret: logto.authSecret,
    secureCookie: logto.appUrl.startsWith("https:"),
  });
}
