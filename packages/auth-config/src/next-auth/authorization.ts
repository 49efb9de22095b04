import { createHash, randomBytes } from "node:crypto";
import { appCookieAttributes } from "../app-session.js";
import { discoverLogto } from "../oidc.js";
import { encodeAuthJsToken } from "./authjs-jwt.js";
import { CALLBACK_PATH, type NextAuthContext } from "./context.js";

/** How long Auth.js keeps its state and PKCE cookies (`@auth/core`'s checks), in seconds. */
const CHECK_MAX_AGE = 15 * 60;
/** Auth.js's provider id of the Logto provider, which its check cookies name. */
const PROVIDER_ID = "logto";

/**
 * The authorization request of the silent probe (`prompt=none`, then `prompt=consent`), as Auth.js's own sign-in
 * makes it for the Logto provider: the same parameters, and state, PKCE verifier and callback URL in Auth.js's
 * cookies and format, so that Auth.js completes it at the callback like any other. It is built here rather than by a
 * pass through Auth.js's sign-in action, which derives an encryption key for each of three cookies on every anonymous
 * page view; the package pins the `@auth/core` version whose format this follows. `null` when Logto does not answer.
 */
export async function silentAuthorizationRedirect(context: NextAuthContext, prompt: "none" | "consent", returnTo: string): Promise<Response | null> {
  const { config, secureCookie } = context;
  const metadata = await discoverLogto(config.issuer).catch(() => null);
  if (!metadata) return null;
  const names = authJsCookieNames(secureCookie);
  const secret = config.authSecret;
  const encodedState = await encodeAuthJsToken({ token: { random: randomBase64url() }, secret, salt: "encodedState", maxAge: CHECK_MAX_AGE });
  const codeVerifier = randomBase64url();
  const seal = (name: string, value: string) =>
    encodeAuthJsToken({ token: { value, provider: PROVIDER_ID }, secret, salt: name, maxAge: CHECK_MAX_AGE });

  const url = new URL(metadata.authorization_endpoint);
  const params = {
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: `${config.appUrl}${CALLBACK_PATH}`,
    scope: config.scopes.join(" "),
    prompt,
    ...(config.directSignIn ? { direct_sign_in: config.directSignIn } : {}),
    state: encodedState,
    code_challenge: createHash("sha256").update(codeVerifier).digest("base64url"),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);

  const attributes = appCookieAttributes(config);
  const expires = new Date(Date.now() + CHECK_MAX_AGE * 1000).toUTCString();
  const headers = new Headers({ location: url.href, "cache-control": "no-store" });
  headers.append("set-cookie", `${names.state}=${await seal(names.state, encodedState)}; Expires=${expires}; ${attributes}`);
  headers.append("set-cookie", `${names.pkce}=${await seal(names.pkce, codeVerifier)}; Expires=${expires}; ${attributes}`);
  headers.append("set-cookie", `${names.callbackUrl}=${encodeURIComponent(`${config.appUrl}${returnTo}`)}; ${attributes}`);
  return new Response(null, { status: 302, headers });
}

/** Auth.js's cookie names for a sign-in in flight (`@auth/core`'s `defaultCookies`). */
function authJsCookieNames(secure: boolean) {
  const prefix = secure ? "__Secure-" : "";
  return { state: `${prefix}authjs.state`, pkce: `${prefix}authjs.pkce.code_verifier`, callbackUrl: `${prefix}authjs.callback-url` };
}

function randomBase64url(): string {
  return randomBytes(32).toString("base64url");
}
