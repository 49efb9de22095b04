/**
 * Whether a state-changing request (a sign-out POST, a form) comes from the app's own pages: its `Origin` is the
 * app's origin and the browser does not call it cross-site. Requests without these headers (non-browser
 * clients) pass: SameSite=Lax session cookies already keep a cross-site browser POST from carrying a session.
 *
 * @param request - The incoming request.
 * @param appUrl - The app's public origin (`AUTH_URL`).
 * @example
 * ```ts
 * if (!isSameOriginRequest(request, config.appUrl)) return new Response("Forbidden", { status: 403 });
 * ```
 */
export function isSameOriginRequest(request: Request, appUrl: string): boolean {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (origin !== null && origin !== new URL(appUrl).origin) return false;
  return site === null || site === "same-origin" || site === "none";
}
