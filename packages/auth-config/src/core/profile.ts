import { LogtoError } from "../errors.js";

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
  /**
   * The linked social accounts (scope `identities`, in userinfo): for Hugging Face, Logto's mapped fields and
   * Hugging Face's whole userinfo as `rawData` (`preferred_username`, `name`, `picture`, ...).
   */
  identities?: Record<
    string,
    { userId?: string; details?: { name?: string | null; avatar?: string | null; rawData?: Record<string, unknown> } }
  >;
  [claim: string]: unknown;
}

/** The user as both apps show it. */
export interface LogtoUser {
  /** Logto's `sub`. */
  id: string;
  /** The display name: Logto's `name`, else Hugging Face's full name, else the username; `null` when none is known. */
  name: string | null;
  /** Logto's `username`, else Hugging Face's `preferred_username` (from `identities`), or `null`. */
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
 * millisecond timestamps, missing optional claims. Logto's Hugging Face connector sets no `username` and no
 * `name` for an account without a full name; with the `identities` claim (userinfo), the Hugging Face profile
 * fills them: name ← Logto `name`, else HF `name`, else HF `preferred_username`; username ← Logto `username`,
 * else HF `preferred_username`; image ← Logto `picture`, else HF `picture`.
 *
 * @param claims - ID-token claims from Logto, with `identities` from userinfo where the app asked for them.
 * @throws {LogtoError} `argument.invalid` when `sub` is missing, since no user can be identified without it.
 * @example
 * ```ts
 * mapLogtoProfile({ sub: "u1", username: "ada", picture: null });
 * // { id: "u1", name: "ada", username: "ada", email: null, image: null }
 * ```
 */
export function mapLogtoProfile(claims: LogtoProfile | Record<string, unknown>): LogtoUser {
  const id = text(claims.sub);
  if (id === null)
    throw new LogtoError("argument.invalid", "Logto profile has no `sub` claim: cannot identify the user.");
  const huggingFace = huggingFaceProfile(claims.identities);
  const username = text(claims.username) ?? text(huggingFace.preferred_username);
  return {
    id,
    name: text(claims.name) ?? text(huggingFace.name) ?? username,
    username,
    email: text(claims.email),
    image: httpUrlOrNull(claims.picture) ?? httpUrlOrNull(huggingFace.picture),
  };
}

/** Hugging Face's own userinfo as Logto keeps it (`identities.huggingface.details.rawData`), or nothing. */
function huggingFaceProfile(identities: unknown): Record<string, unknown> {
  const huggingFace = (identities as LogtoProfile["identities"])?.huggingface;
  const rawData = huggingFace?.details?.rawData;
  return rawData !== null && typeof rawData === "object" ? rawData : {};
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
