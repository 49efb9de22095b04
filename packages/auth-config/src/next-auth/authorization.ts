import { createHash, randomBytes } from "node:crypto";
import { AUTHJS_CHECK_MAX_AGE, encodeAuthJsState, sealCheckValue } from "./authjs-internals.js";
import { CALLBACK_PATH, type NextAuthContext, PROVIDER_ID } from "./context.js";

/**
 * The authorization request of the silent probe (`prompt=none`, then `prompt=consent`), as Auth.js's own sign-in
 * makes it for the Logto provider: the same parameters, and state, PKCE verifier and callback URL in Auth.js's
 * cookies and format, so that Auth.js completes it at the callback like any other. It is built here rather than by a
 * pass through Auth.js's sign-in action, which derives an encryption key for each of three cookies on every anonymous
 * page view. `null` when Logto does not answer.
 */
export async function silentAuthorizationRedirect(
  context: NextAuthContext,
  prompt: "none" | "consent",
  returnTo: string,
): Promise<Response | null> {
  const { app } = context;
  const { config, cookies } = app;
  const metadata = await app.client.metadata().catch(() => null);
  if (!metadata) return null;
  const names = context.cookieNames;
  const state = await encodeAuthJsState(config.authSecret);
  const codeVerifier = randomBytes(32).toString("base64url");

  const url = new URL(metadata.authorization_endpoint);
  const params = {
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: `${config.appUrl}${CALLBACK_PATH}`,
    scope: config.scopes.join(" "),
    prompt,
    ...(config.directSignIn ? { direct_sign_in: config.directSignIn } : {}),
    state,
    code_challenge: createHash("sha256").update(codeVerifier).digest("base64url"),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);

  const expires = new Date(Date.now() + AUTHJS_CHECK_MAX_AGE * 1000);
  const sealedState = await sealCheckValue(names.state, state, PROVIDER_ID, config.authSecret);
  const sealedVerifier = await sealCheckValue(names.pkceCodeVerifier, codeVerifier, PROVIDER_ID, config.authSecret);
  const headers = new Headers({ location: url.href, "cache-control": "no-store" });
  headers.append("set-cookie", cookies.set(names.state, sealedState, { expires }));
  headers.append("set-cookie", cookies.set(names.pkceCodeVerifier, sealedVerifier, { expires }));
  headers.append("set-cookie", cookies.set(names.callbackUrl, `${config.appUrl}${returnTo}`));
  return new Response(null, { status: 302, headers });
}
