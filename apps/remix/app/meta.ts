import { isRouteErrorResponse } from "@remix-run/react";

const APP = "Remix app · Logto SSO demo";

/** Each page's title by route id, before the app's name; the home page has the app's name alone. */
const TITLES: Record<string, string | ((data: unknown) => string)> = {
  "routes/protected": "Protected page",
  "routes/account": "Account",
  "routes/$": "Page not found",
  "routes/auth.sign-in": "Sign-in unavailable",
  "routes/auth.callback": (data) =>
    (data as { cancelled?: boolean } | undefined)?.cancelled ? "Sign-in cancelled" : "Sign-in failed",
};

/**
 * The title of the page shown: from its route id (and its data, for the callback), or from the error it shows. The
 * root layout renders it, so that no route module needs a `meta` of its own (a route's `meta` sees only its parents).
 */
export function pageTitle(page: { id: string; data: unknown } | undefined, error: unknown): string {
  const entry = page ? TITLES[page.id] : undefined;
  const title = error
    ? isRouteErrorResponse(error) && error.status === 404
      ? "Page not found"
      : "Something went wrong"
    : typeof entry === "function"
      ? entry(page?.data)
      : entry;
  return title ? `${title} · ${APP}` : APP;
}
