import { createCookieSessionStorage } from "@remix-run/node";
import type { LogtoUser } from "@logto-hf/auth-config/remix";
import { logto } from "~/env.server";

export interface SessionData {
  user: LogtoUser;
  idToken: string;
  refreshToken?: string;
  accessTokenExpiresAt?: number;
}

interface FlashData {
  returnTo: string;
}

const secure = logto.appUrl.startsWith("https:");

export const sessionStorage = createCookieSessionStorage<SessionData, FlashData>({
  cookie: {
    // Cookies are shared by every port on localhost: the name must differ from the Next.js app's and the IdP's.
    name: secure ? "__Host-remix-session" : "remix-session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    secrets: [logto.authSecret],
    maxAge: 60 * 60 * 24 * 14,
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

export async function getUser(request: Request): Promise<LogtoUser | null> {
  return (await getSession(request)).get("user") ?? null;
}
