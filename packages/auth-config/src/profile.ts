/**
 * The claims Logto puts in its ID token and userinfo response for the scopes
 * `openid profile email`.
 *
 * @see https://docs.logto.io/references/openid-connect/claims
 */
export interface LogtoProfile {
  /** The user's Logto ID, stable for the tenant. */
  sub: string;
  /** The display name; Logto copies it from Hugging Face's `name`. May be `null`. */
  name?: string | null;
  /** The Logto username; from Hugging Face's `preferred_username`. May be `null`. */
  username?: string | null;
  /** The avatar URL. Real Logto sends `null` when there is none. */
  picture?: string | null;
  /** The primary email address. */
  email?: string | null;
  /** Whether the email address was verified. */
  email_verified?: boolean;
  /** Phone number (scope `phone`). */
  phone_number?: string | null;
  /** When the user was created, in **milliseconds** since the epoch (Logto's quirk). */
  created_at?: number;
  /** When the profile last changed, in **milliseconds** since the epoch (Logto's quirk). */
  updated_at?: number;
  /** The Logto session ID, present when the app asked for back-channel logout with a session. */
  sid?: string;
  [claim: string]: unknown;
}

/** The user as both apps show it. */
export interface LogtoUser {
  /** Logto's `sub`. */
  id: string;
  /** The display name, falling back to the username; `null` when Logto has neither. */
  name: string | null;
  /** The username (from Hugging Face's `preferred_username`), or `null`. */
  username: string | null;
  /** The email address, or `null`. */
  email: string | null;
  /** An http(s) avatar URL, or `null`. */
  image: string | null;
}

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

const httpUrlOrNull = (value: unknown): string | null => {
  const url = text(value);
  if (url === null || !URL.canParse(url)) return null;
  const { protocol } = new URL(url);
  return protocol === "https:" || protocol === "http:" ? url : null;
};

/**
 * Maps Logto's claims to the user both apps show. Tolerates real Logto's quirks: `picture: null`,
 * millisecond timestamps, missing optional claims.
 *
 * @param claims - ID-token or userinfo claims from Logto.
 * @throws {TypeError} when `sub` is missing, since no user can be identified without it.
 * @example
 * ```ts
 * mapLogtoProfile({ sub: "u1", username: "ada", picture: null });
 * // { id: "u1", name: "ada", username: "ada", email: null, image: null }
 * ```
 */
export function mapLogtoProfile(claims: LogtoProfile | Record<string, unknown>): LogtoUser {
  const id = text(claims.sub);
  if (id === null) throw new TypeError("Logto profile has no `sub` claim: cannot identify the user.");
  const username = text(claims.username);
  return {
    id,
    name: text(claims.name) ?? username,
    username,
    email: text(claims.email),
    image: httpUrlOrNull(claims.picture),
  };
}

/**
 * Converts a Logto timestamp claim (`created_at`, `updated_at`) to a `Date`. Logto sends milliseconds
 * where OpenID Connect specifies seconds; both are accepted.
 *
 * @returns the date, or `undefined` when the claim is absent or not a number.
 */
export function logtoTimestampToDate(value: unknown): Date | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  // Seconds since 1970 stay below 1e11 until the year 5138; anything larger is milliseconds.
  return new Date(value < 1e11 ? value * 1000 : value);
}
