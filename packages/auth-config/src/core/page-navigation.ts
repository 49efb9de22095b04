const PREFETCH_HEADERS = ["next-router-prefetch", "rsc", "next-router-state-tree", "x-remix-fetch"] as const;

/**
 * Whether a request is a browser's top-level page navigation, as opposed to an API call, an asset, a
 * prefetch, a React Server Component request or a Remix data request.
 */
export function isPageNavigation(request: Request): boolean {
  if (request.method !== "GET") return false;
  const headers = request.headers;
  if (!(headers.get("accept") ?? "").includes("text/html")) return false;
  const mode = headers.get("sec-fetch-mode");
  if (mode !== null && mode !== "navigate") return false;
  const destination = headers.get("sec-fetch-dest");
  if (destination !== null && destination !== "document") return false;
  if (/prefetch|prerender/i.test(`${headers.get("purpose") ?? ""} ${headers.get("sec-purpose") ?? ""}`)) return false;
  if (PREFETCH_HEADERS.some((name) => headers.has(name))) return false;
  const url = new URL(request.url);
  if (url.searchParams.has("_data") || url.pathname.endsWith(".data") || url.pathname.startsWith("/__")) return false;
  const lastSegment = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  return !/\.[a-z0-9]+$/i.test(lastSegment);
}
