/** A tiny router and a few request/response helpers on top of node:http. */
import type { IncomingMessage, ServerResponse } from "node:http";

export type Params = Record<string, string>;
export type Handler = (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => Promise<void> | void;

interface Route {
  method: string | "*";
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export class Router {
  readonly #routes: Route[] = [];

  /** `path` is a literal path with `:name` segments, or ends in `/*` to match a prefix. */
  on(method: string | "*", path: string, handler: Handler): this {
    const keys: string[] = [];
    let source = path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:([A-Za-z_]+)/g, (_m, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    if (source.endsWith("/*")) source = `${source.slice(0, -2)}(?:/.*)?`;
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  get(path: string, handler: Handler): this {
    return this.on("GET", path, handler);
  }

  post(path: string, handler: Handler): this {
    return this.on("POST", path, handler);
  }

  /** Finds the handler for a request. `methodMismatch` is true when only the method did not match. */
  match(method: string, pathname: string): { handler: Handler; params: Params } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.#routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const effective = method === "HEAD" ? "GET" : method;
      if (route.method !== "*" && route.method !== effective) {
        methodMismatch = true;
        continue;
      }
      const params: Params = {};
      route.keys.forEach((key, i) => {
        const raw = m[i + 1] ?? "";
        try {
          params[key] = decodeURIComponent(raw);
        } catch {
          params[key] = raw;
        }
      });
      return { handler: route.handler, params };
    }
    return { methodMismatch };
  }
}

const MAX_BODY = 64 * 1024;

/** Reads an application/x-www-form-urlencoded body (bounded). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new HttpError(413, "invalid_request", "Request body too large.");
    chunks.push(buf);
  }
  if (type !== "application/x-www-form-urlencoded") {
    throw new HttpError(415, "invalid_request", "Expected an application/x-www-form-urlencoded body.");
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    /** Logto's `data` of an API error, e.g. `{ supportedTypes: ["Bearer"] }`. */
    readonly data?: unknown,
  ) {
    super(`${error}: ${description}`);
  }
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("pragma", "no-cache");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}

export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.statusCode = status;
  res.setHeader("location", location);
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", "0");
  res.end();
}
