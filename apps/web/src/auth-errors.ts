const messages: Record<string, string> = {
  // Auth.js reports every server-side failure as "Configuration", a refused ID token as much as a wrong secret.
  Configuration: "The sign-in could not be completed: the server refused the identity provider's answer or is not configured correctly. The server log has the details.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The sign-in was cancelled or the identity provider refused it.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
  access_denied: "The sign-in was cancelled or access was denied.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
  server_error: "The identity provider could not complete the sign-in. Please try again.",
};

/** Auth.js's error codes as a person can read them. */
export function authErrorMessage(error: string | undefined): string {
  return (error && messages[error]) ?? "Something went wrong while signing in. Please try again.";
}
