const messages: Record<string, string> = {
  Configuration: "Sign-in is not configured correctly on the server. Check the server log.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The sign-in was cancelled or the identity provider refused it.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
};

/** Auth.js's error codes as a person can read them. */
export function authErrorMessage(error: string | undefined): string {
  return (error && messages[error]) ?? "Something went wrong while signing in. Please try again.";
}
