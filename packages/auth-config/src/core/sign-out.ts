import type { LogtoClient } from "../client/logto-client.js";

/** `?signed_out=` on the app's home page after a sign-out that could not reach Logto (see {@link endLogtoSession}). */
export const SIGNED_OUT_LOGTO_UNREACHABLE = "logto_unreachable";

/**
 * The server side of single logout, once the app dropped its session: revokes the app's refresh token (Logto
 * keeps it alive through a logout otherwise) and returns Logto's end-session URL, where the browser goes next so
 * that Logto ends its session and signs every other app out by back-channel logout. When Logto cannot be reached,
 * the browser stays on the app (`/?signed_out=logto_unreachable`) rather than on a browser error page: this app
 * is signed out, the others could not be told.
 *
 * @param appUrl - The app's public origin; `<appUrl>/` must be registered as a post sign-out redirect URI.
 * @param state - Sent to the end-session endpoint, which adds it to `<appUrl>/` once Logto's session has ended.
 */
export async function endLogtoSession(
  client: LogtoClient,
  appUrl: string,
  tokens: { idToken?: string | undefined; refreshToken?: string | undefined },
  state?: string,
): Promise<string> {
  const signedOutHere = `${appUrl}/?signed_out=${SIGNED_OUT_LOGTO_UNREACHABLE}`;
  // Asked afresh (sign-outs are rare): an answer cached from before Logto went down would send the browser there.
  if (!(await client.isReachable({ cacheFor: 0 }))) {
    console.warn("Signed out of this app only: Logto does not answer, so its session and the other apps' go on.");
    return signedOutHere;
  }
  try {
    if (tokens.refreshToken) await client.revoke(tokens.refreshToken);
    return await client.endSessionUrl({ idTokenHint: tokens.idToken, postLogoutRedirectUri: `${appUrl}/`, state });
  } catch (error) {
    console.warn(`Signed out of this app only: ${(error as Error).message}`);
    return signedOutHere;
  }
}
