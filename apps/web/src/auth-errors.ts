const messages: Record<string, string> = {
  Configuration: "Sign-in is not configured correctly on the server. Check the server log.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The sign-in was cancelled or the identity provider refused it.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
  access_denied: "The sign-in was cancelled or access was denied.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
};

/** Auth.js's error codes as a person can read them. */
export function authErrorMessage(error: string | undefined): string {
  return (error && messages[error]) ?? "Something went wrong while signing in. Please try again.";
}
