import { LogtoStrategy } from "@logto-hf/auth-config/remix";
import { Authenticator } from "remix-auth";
import { logto } from "~/env.server";
import type { SessionData } from "~/session.server";

const secure = logto.appUrl.startsWith("https:");

function createAuthenticator() {
  return LogtoStrategy.create<SessionData>(
    {
      issuer: logto.issuer,
      clientId: logto.clientId,
      clientSecret: logto.clientSecret,
      redirectURI: `${logto.appUrl}/auth/callback`,
      scopes: logto.scopes,
      directSignIn: logto.directSignIn,
      cookie: {
        name: secure ? "__Host-remix-logto-oauth" : "remix-logto-oauth",
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
        ...(secure ? { secure: true as const } : {}),
        maxAge: 600,
      },
    },
    async ({ tokens, profile }) => ({
      user: profile,
      idToken: tokens.idToken(),
      ...(tokens.hasRefreshToken() ? { refreshToken: tokens.refreshToken() } : {}),
      accessTokenExpiresAt: Math.floor(tokens.accessTokenExpiresAt().getTime() / 1000),
    }),
  ).then((strategy) => new Authenticator<SessionData>().use(strategy));
}

let authenticator: Promise<Authenticator<SessionData>> | undefined;

/** The authenticator, created on first use from Logto's discovery document; a failure is retried next time. */
export function getAuthenticator(): Promise<Authenticator<SessionData>> {
  authenticator ??= createAuthenticator().catch((error: unknown) => {
    authenticator = undefined;
    throw error;
  });
  return authenticator;
}
