import NextAuth, { type DefaultSession } from "next-auth";
import { Logto, mapLogtoProfile, type LogtoUser } from "@logto-hf/auth-config/next-auth";
import "next-auth/jwt";
import { logto } from "~/env";

declare module "next-auth" {
  interface Session {
    user: LogtoUser & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    user?: LogtoUser;
    idToken?: string;
    refreshToken?: string;
    accessTokenExpiresAt?: number;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: logto.authSecret,
  trustHost: true,
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
    jwt({ token, account, profile }) {
      if (account && profile) {
        token.user = mapLogtoProfile(profile);
        token.idToken = account.id_token;
        token.refreshToken = account.refresh_token;
        token.accessTokenExpiresAt = account.expires_at;
      }
      return token;
    },
    session({ session, token }) {
      return token.user ? { ...session, user: { ...session.user, ...token.user } } : session;
    },
  },
});
