/** What a person reads for an OAuth error code the IdP sent back, or for an Auth.js error code. */
const signInErrorMessages: Record<string, string> = {
  // Auth.js reports every server-side failure as "Configuration", a refused ID token as much as a wrong secret.
  Configuration:
    "The sign-in could not be completed: the server refused the identity provider's answer " +
    "or is not configured correctly. The server log has the details.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The sign-in was cancelled or the identity provider refused it.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
  access_denied: "The sign-in was cancelled or access was refused, so nothing was shared with this app.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
  server_error: "The identity provider could not complete the sign-in. Please try again.",
  not_a_response:
    "This address is where Logto sends you back after signing in; opened on its own it does nothing. " +
    "Start from the home page.",
};

/**
 * A sign-in error as a person can read it: an OAuth error code from the IdP (`access_denied`, ...) or an Auth.js
 * error code (`Configuration`, ...).
 */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return "Something went wrong while signing in. Please try again.";
  return signInErrorMessages[code] ?? `The identity provider answered "${code}".`;
}

/**
 * Whether a sign-in error code means the visitor declined (`access_denied`: Deny at the social provider, or a
 * refusal at Logto): a page says so neutrally and offers to try again, rather than reporting a failure.
 */
export function isSignInCancelled(code: string | null | undefined): boolean {
  return code === "access_denied";
}
