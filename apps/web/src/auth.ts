import type { JWT } from "next-auth/jwt";
import NextAuth, { type DefaultSession, type NextAuthConfig, type Session } from "next-auth";
import { accessTokenNeedsRenewal, checkLogtoSession } from "@logto-hf/auth-config";
import { Logto, mapLogtoProfile, type LogtoUser } from "@logto-hf/auth-config/next-auth";
import { logto } from "~/env";
import { revocations } from "~/revocations";

declare module "next-auth" {
  interface Session {
    user: LogtoUser & DefaultSession["user"];
    /** Logto's session ID: back-channel logout names it. */
    sid?: string;
    /** Epoch seconds. */
    accessTokenExpiresAt?: number;
    /** The session has no refresh token and its access token expired: the next navigation re-authenticates silently. */
    needsReauthentication?: boolean;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    user?: LogtoUser;
    sid?: string;
    /** When this app's session was created, epoch seconds: a back-channel logout by `sub` revokes older ones. */
    createdAt?: number;
    idToken?: string;
    accessToken?: string;
    refreshToken?: string;
    accessTokenExpiresAt?: number;
  }
}

const secure = logto.appUrl.startsWith("https:");

export const authConfig = {
  secret: logto.authSecret,
  trustHost: true,
  basePath: "/api/auth",
  useSecureCookies: secure,
  session: { strategy: "jwt" },
  providers: [
    Logto({
      issuer: logto.issuer,
      clientId: logto.clientId,
      clientSecret: logto.clientSecret,
      scopes: logto.scopes,
      directSignIn: logto.directSignIn,
    }),
  ],
  pages: { signIn: "/", error: "/auth/error" },
  callbacks: {
    async jwt({ token, account, profile }) {
      const now = Math.floor(Date.now() / 1000);
      if (account && profile) {
        return {
          ...token,
          user: mapLogtoProfile(profile),
          sid: typeof profile.sid === "string" ? profile.sid : undefined,
          createdAt: now,
          idToken: account.id_token,
          accessToken: account.access_token,
          refreshToken: account.refresh_token,
          accessTokenExpiresAt: account.expires_at,
        };
      }
      if (!token.user) return null;
      const check = await checkLogtoSession(
        {
          sub: token.user.id,
          sid: token.sid,
          createdAt: token.createdAt ?? 0,
          accessTokenExpiresAt: token.accessTokenExpiresAt ?? Number.POSITIVE_INFINITY,
          refreshToken: token.refreshToken,
        },
        { issuer: logto.issuer, credentials: logto, revocations: await revocations() },
      );
      if (check.status === "ended") {
        console.warn(`Session of ${token.user.id} ended: ${check.reason}`);
        return null;
      }
      return check.status === "refreshed" ? { ...token, ...check.tokens } : token;
    },
    session({ session, token }) {
      return token.user ? { ...session, ...sessionOf(token, token.user) } : session;
    },
  },
} satisfies NextAuthConfig;

/** What a page sees of the session token: the Auth.js callback above and `pageSession` both build it here. */
export function sessionOf(token: JWT, user: LogtoUser): Omit<Session, "expires"> {
  const expired = !token.refreshToken && !!token.accessTokenExpiresAt && accessTokenNeedsRenewal(token.accessTokenExpiresAt);
  return { user, sid: token.sid, accessTokenExpiresAt: token.accessTokenExpiresAt, needsReauthentication: expired };
}

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
