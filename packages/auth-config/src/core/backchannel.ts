import {
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_LOGOUT_TOKEN_MAX_AGE,
  type LogoutTokenClaims,
  LogoutTokenError,
} from "../client/logout-token.js";
import type { LogtoClient } from "../client/logto-client.js";
import { LogtoError } from "../errors.js";
import { nowSeconds, type RevocationStore } from "../stores/revocation-store.js";
import { TimeoutError, within } from "../util/within.js";

/** Options of {@link handleBackchannelLogout}. */
export interface BackchannelLogoutOptions {
  /** This app's client of Logto: logout tokens must be signed by its issuer and addressed to its App ID. */
  client: LogtoClient;
  /** Where revocations go; shared by every instance of the app. */
  store: RevocationStore;
  /** How old (by `iat`) a logout token may be, in seconds. @default 120 */
  maxAgeSeconds?: number;
  /**
   * How long a revocation is kept, in seconds: at least the longest a session of this app can live, since a
   * revoked session's cookie stays valid until then.
   * @default 2592000 (30 days, Auth.js's default session `maxAge`)
   */
  revocationTtlSeconds?: number;
}

/** The default of {@link BackchannelLogoutOptions.revocationTtlSeconds}: 30 days. */
export const DEFAULT_REVOCATION_TTL = 30 * 24 * 60 * 60;

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
/** A logout token is about 1 KB; the limit keeps a large body from being buffered. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * How long after the request arrived the store must have confirmed the logout: Logto stops waiting at 2.5 s, and a
 * 200 it never receives is a delivery it logs as failed.
 */
const STORE_DEADLINE_MS = 2_000;

/**
 * Handles a back-channel logout request from Logto (OpenID Connect Back-Channel Logout 1.0 §2.5–2.8): reads
 * the form-encoded `logout_token`, validates it against the issuer's keys, refuses replays, then revokes
 * the session it names (`sid`), or else every session of the user created up to the token's `iat` (`sub`).
 * Only a valid token writes to the store.
 *
 * Answers 200 only once the store has confirmed the revocation is kept where a restart finds it (Logto never retries a
 * delivery it saw succeed, nor one that failed), 400 with `{ error: "invalid_request", error_description }` when the
 * request or the token is invalid (nothing is revoked then), 413 when the body is larger than 64 KiB, 405 for methods
 * other than POST; always `Cache-Control: no-store`.
 * Framework-agnostic: the body of a Next.js route handler or a Remix action.
 *
 * @param request - The IdP's request.
 * @param options - This app's Logto client, the store, and the token and revocation lifetimes.
 * @returns the response for the IdP.
 * @throws when Logto's discovery document or keys cannot be fetched, or the store fails (`store.not_durable`,
 *   `store.lock_timeout`, …) or has not confirmed the write 2 s after the request arrived (`store.timeout`): the
 *   framework then logs the error and answers 500, never 200, and Logto logs a failed delivery, which it does not
 *   retry. The Redis store does not fail while Redis is down: it applies the logout in this instance's memory at once,
 *   keeps it in its local journal, and writes it to Redis, for the other instances, when Redis is back.
 * @example
 * ```ts
 * export const POST = (request: Request) => handleBackchannelLogout(request, { client, store });
 * ```
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest
 */
export async function handleBackchannelLogout(request: Request, options: BackchannelLogoutOptions): Promise<Response> {
  const deadline = Date.now() + STORE_DEADLINE_MS;
  if (request.method !== "POST") {
    return answer(405, "Back-channel logout requests must use POST.", { allow: "POST" });
  }
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== FORM_CONTENT_TYPE) {
    return answer(400, `Back-channel logout requests must be ${FORM_CONTENT_TYPE}.`);
  }
  const body = await readBody(request);
  if (body === undefined) return answer(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  const tokens = new URLSearchParams(body).getAll("logout_token");
  if (tokens.length !== 1 || !tokens[0]) {
    return answer(400, "The request must have exactly one logout_token parameter.");
  }

  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_LOGOUT_TOKEN_MAX_AGE;
  let claims: LogoutTokenClaims;
  try {
    claims = await options.client.verifyLogoutToken(tokens[0], { maxAgeSeconds });
  } catch (error) {
    if (error instanceof LogoutTokenError) return answer(400, error.message);
    throw error;
  }

  const applied = await beforeDeadline(deadline, revoke(claims, options, maxAgeSeconds));
  if (!applied) return answer(400, "This logout token was already received (replayed jti).");
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}

/** Records the token's `jti` and the revocation it carries. @returns `false` for a replay. */
async function revoke(claims: LogoutTokenClaims, options: BackchannelLogoutOptions, maxAgeSeconds: number) {
  // Remembered for as long as verifyLogoutToken would accept the token.
  const acceptedUntil = claims.iat + maxAgeSeconds + DEFAULT_CLOCK_TOLERANCE + 1;
  if (!(await options.store.rememberJti(claims.jti, acceptedUntil))) return false;
  const expiresAt = nowSeconds() + (options.revocationTtlSeconds ?? DEFAULT_REVOCATION_TTL);
  if (claims.sid) await options.store.revokeSession(claims.sid, expiresAt);
  else if (claims.sub) await options.store.revokeSubject(claims.sub, claims.iat, expiresAt);
  return true;
}

/** `work`'s result, or `store.timeout` once `deadline` has passed: the write may still finish, unacknowledged. */
async function beforeDeadline<T>(deadline: number, work: Promise<T>): Promise<T> {
  try {
    return await within(Math.max(0, deadline - Date.now()), work, "The revocation store");
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new LogtoError(
      "store.timeout",
      `The revocation store did not confirm the logout within ${STORE_DEADLINE_MS} ms of the request, ` +
        "so it is not acknowledged (Logto stops waiting at 2.5 s).",
      { cause: error },
    );
  }
}

function answer(status: 400 | 405 | 413, description: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: "invalid_request", error_description: description },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/**
 * The body as text, or `undefined` when it exceeds {@link MAX_BODY_BYTES}, declared or (chunked) once read that far:
 * no more is read then. The stream is released, not cancelled: Remix's adapter destroys the connection on a cancel,
 * and the client would see a reset instead of the 413.
 */
async function readBody(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > MAX_BODY_BYTES) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.releaseLock();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
