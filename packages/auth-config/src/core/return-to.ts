const PLACEHOLDER_ORIGIN = "http://return-to.invalid";

/**
 * Turns an untrusted return-to value (a `callbackUrl`, `returnTo` or `redirectTo` parameter) into a path on
 * this app, so that sign-in can never become an open redirect. Anything that could leave the origin —
 * absolute URLs, `//host`, `/\host`, `javascript:`, control characters, their encoded forms — yields the
 * fallback.
 *
 * @param value - The parameter as received, e.g. `url.searchParams.get("returnTo")`.
 * @param fallback - The path to use when `value` is missing or unsafe. @default "/"
 * @returns a path starting with a single `/`, with its query and fragment.
 * @example
 * ```ts
 * safeReturnTo("/protected?tab=1"); // "/protected?tab=1"
 * safeReturnTo("https://evil.example"); // "/"
 * ```
 */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  // Control characters and backslashes are refused rather than normalised: browsers treat them inconsistently.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this check.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  if (!URL.canParse(value, PLACEHOLDER_ORIGIN)) return fallback;
  const url = new URL(value, PLACEHOLDER_ORIGIN);
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The query parameter that carries the path to come back to, in every route of both integrations. */
export const RETURN_TO_PARAM = "returnTo";

/** The safe return path a URL carries in its `returnTo` parameter, or `/`. */
export function returnToOf(url: URL): string {
  return safeReturnTo(url.searchParams.get(RETURN_TO_PARAM));
}
