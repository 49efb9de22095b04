/**
 * The page of a sign-in that cannot go on: its request expired, was finished already, or belongs to another
 * browser.
 */
import type { AppLink } from "./app-links.js";
import { errorPage } from "./html.js";

export interface SignInExpiredOptions {
  /** What became of this sign-in, in plain words. */
  reason: string;
  /** The OAuth error code. */
  error: string;
  /** The technical reason, for whoever has to debug it. */
  details?: string;
  /** The applications' home pages, where a new sign-in starts. */
  links: readonly AppLink[];
  brand?: string;
}

export const SIGN_IN_EXPIRED_TITLE = "This sign-in has expired";

export function signInExpiredPage(opts: SignInExpiredOptions): string {
  return errorPage({
    title: SIGN_IN_EXPIRED_TITLE,
    error: opts.error,
    description: `${opts.reason} Nothing in your account has changed.`,
    details: opts.details,
    // Most often the visitor went Back to a page of a sign-in that had succeeded: they are signed in, not stuck.
    hint:
      opts.links.length > 0
        ? "If you had already finished signing in, you still are: go back to the application. Otherwise, sign in " +
          "again from there:"
        : "If you had already finished signing in, you still are. Otherwise, start again from the application.",
    links: opts.links,
    brand: opts.brand,
  });
}
