import { SsoProbe } from "@logto-hf/auth-config";
import { LogtoStrategy } from "@logto-hf/auth-config/remix";
import { Authenticator } from "remix-auth";
import { logto } from "~/env.server";
import type { SessionData } from "~/session.server";

const secure = logto.appUrl.startsWith("https:");

export const probe = new SsoProbe({
  secret: logto.authSecret,
  cookieName: secure ? "__Host-remix-sso-probe" : "remix-sso-probe",
  enabled: logto.silentSignIn,
  rememberFor: logto.silentSignInRetryAfter,
  secure,
  excludePaths: ["/auth/", "/assets/"],
});

function createStrategy() {
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
    async ({ tokens, claims, profile }) => ({
      user: profile,
      ...(typeof claims.sid === "string" ? { sid: claims.sid } : {}),
      createdAt: Math.floor(Date.now() / 1000),
      idToken: tokens.idToken(),
      accessToken: tokens.accessToken(),
      ...(tokens.hasRefreshToken() ? { refreshToken: tokens.refreshToken() } : {}),
      accessTokenExpiresAt: Math.floor(tokens.accessTokenExpiresAt().getTime() / 1000),
    }),
  );
}

let strategy: Promise<LogtoStrategy<SessionData>> | undefined;

/** The Logto strategy, created on first use from Logto's discovery document; a failure is retried next time. */
export function getStrategy(): Promise<LogtoStrategy<SessionData>> {
  strategy ??= createStrategy().catch((error: unknown) => {
    strategy = undefined;
    throw error;
  });
  return strategy;
}

/** The remix-auth authenticator with the Logto strategy. */
export async function getAuthenticator(): Promise<Authenticator<SessionData>> {
  return new Authenticator<SessionData>().use(await getStrategy());
}

/** Sends the browser to Logto with `prompt` (silent probe or its consent fallback), remembering the probe. */
export async function probeRedirect(request: Request, prompt: "none" | "consent", probeCookie: string): Promise<Response> {
  const response = await (await getStrategy()).authorizationRedirect(request, { prompt });
  response.headers.append("Set-Cookie", probeCookie);
  return response;
}
