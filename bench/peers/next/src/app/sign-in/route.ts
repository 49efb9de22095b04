import { signIn } from "@logto/next/server-actions";
import type { NextRequest } from "next/server";
import { baseUrl, directSignIn, logtoConfig } from "~/logto";

/** Starts a sign-in, then comes back to `returnTo` (a path of this app) once the callback is handled. */
export async function GET(request: NextRequest) {
  const returnTo = request.nextUrl.searchParams.get("returnTo") ?? "/";
  const postRedirect = new URL(returnTo, baseUrl);
  await signIn(logtoConfig, {
    redirectUri: `${baseUrl}/callback`,
    postRedirectUri: postRedirect.origin === new URL(baseUrl).origin ? postRedirect : `${baseUrl}/`,
    directSignIn,
  });
}
