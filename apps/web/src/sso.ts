import "server-only";
import { Auth, skipCSRFCheck } from "@auth/core";
import { SsoProbe } from "@logto-hf/auth-config";
import { authConfig } from "~/auth";
import { logto } from "~/env";

export const probe = new SsoProbe({
  secret: logto.authSecret,
  cookieName: logto.appUrl.startsWith("https:") ? "__Host-web-sso-probe" : "web-sso-probe",
  enabled: logto.silentSignIn,
  rememberFor: logto.silentSignInRetryAfter,
  secure: logto.appUrl.startsWith("https:"),
  excludePaths: ["/api/", "/auth/", "/_next/"],
});

/**
 * Starts an authorization request through Auth.js itself (its state, PKCE and callback-URL cookies), with the
 * given `prompt`, returning to `returnTo`. Used for the silent probe and its consent fallback.
 */
export async function authorizationRedirect(request: Request, prompt: "none" | "consent", returnTo: string): Promise<Response> {
  const signIn = new Request(`${logto.appUrl}/api/auth/signin/logto?prompt=${prompt}`, {
    method: "POST",
    headers: { cookie: request.headers.get("cookie") ?? "", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ callbackUrl: `${logto.appUrl}${returnTo}` }),
  });
  return Auth(signIn, { ...authConfig, skipCSRFCheck });
}
