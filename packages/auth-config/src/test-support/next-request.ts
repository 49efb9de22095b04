/**
 * Next.js's request scope for a test, without a Next.js server: the stores that `cookies()` and `headers()` from
 * `next/headers` read (Next 16's `workAsyncStorage` and `workUnitAsyncStorage`, with the request store Next.js makes
 * for a route handler or a page), so that route handlers and page reads built on them run in-process. What Next.js's app
 * route module does around a handler is reproduced only as far as these tests need: a `redirect()` becomes a 307 and
 * the cookies set through `cookies()` become `Set-Cookie` headers.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface AsyncStorage {
  run<T>(store: unknown, callback: () => T): T;
}
type RequestStoreFactory = (
  req: { headers: Headers },
  url: { pathname: string; search: string },
  implicitTags: undefined,
  onUpdateCookies: (cookies: string[]) => void,
  previewProps: undefined,
  hmrRefreshHash: undefined,
) => unknown;

// The modules `next/headers` reads, by the paths Next.js 16 keeps them at (internal, so a Next upgrade may move them).
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external.js") as {
  workAsyncStorage: AsyncStorage;
};
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external.js") as {
  workUnitAsyncStorage: AsyncStorage;
};
const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store.js") as {
  createRequestStoreForAPI: RequestStoreFactory;
};
const { isRedirectError } = require("next/dist/client/components/redirect-error.js") as {
  isRedirectError(error: unknown): boolean;
};
const { getURLFromRedirectError } = require("next/dist/client/components/redirect.js") as {
  getURLFromRedirectError(error: unknown): string;
};

/** Where a request is handled: a route handler (cookies can be set) or a server component's render (read-only). */
export type NextPhase = "action" | "render";

/** What ran in the scope: its value, or the redirect it threw; and the cookies it set. */
export interface NextScopeResult<T> {
  value?: T;
  redirect?: string;
  setCookies: string[];
}

/**
 * Runs `fn` as Next.js runs a route handler (`phase: "action"`) or a page (`"render"`) for `request`: `cookies()` and
 * `headers()` read the request, `redirect()` is caught and returned.
 */
export async function inNextRequest<T>(
  request: Request,
  fn: () => Promise<T>,
  phase: NextPhase = "action",
): Promise<NextScopeResult<T>> {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  // What Next.js's server adds to every request (Auth.js builds its URLs from them).
  if (!headers.has("host")) headers.set("host", url.host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", url.protocol.slice(0, -1));
  let setCookies: string[] = [];
  const requestStore = createRequestStoreForAPI(
    { headers },
    { pathname: url.pathname, search: url.search },
    undefined,
    (cookies) => {
      setCookies = cookies;
    },
    undefined,
    undefined,
  ) as { phase: NextPhase };
  requestStore.phase = phase;
  const workStore = {
    route: url.pathname,
    page: url.pathname,
    isStaticGeneration: false,
    forceStatic: false,
    dynamicShouldError: false,
  };
  try {
    const value = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
    return { value, setCookies };
  } catch (error) {
    if (isRedirectError(error)) return { redirect: getURLFromRedirectError(error), setCookies };
    throw error;
  }
}

/**
 * A route handler's answer as Next.js sends it: its own response, or a 307 for a `redirect()`, with the cookies it set.
 */
export async function nextRouteResponse(request: Request, handler: () => Promise<Response>): Promise<Response> {
  const { value, redirect, setCookies } = await inNextRequest(request, handler);
  const response = value ?? new Response(null, { status: 307, headers: { location: redirect ?? "" } });
  const headers = new Headers(response.headers);
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, headers });
}
