/**
 * A cookie jar for tests that talk HTTP like a browser: scoped by host name and path, as browsers scope them.
 * Dependency-free.
 */

/** A cookie as the jar keeps it. */
export interface StoredCookie {
  name: string;
  value: string;
  /** host (no port) the cookie belongs to */
  domain: string;
  /** false when the cookie had a Domain attribute (then it matches subdomains too) */
  hostOnly: boolean;
  path: string;
  /** epoch ms; undefined = session cookie */
  expiresAt?: number;
  secure: boolean;
  httpOnly: boolean;
}

/**
 * A minimal cookie jar. Like browsers, cookies are scoped by host name, not by port, so every
 * server on localhost shares them. Honors Path, Domain, Max-Age, Expires and Secure.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores every `Set-Cookie` of `response` (received for `url`). */
  setFromResponse(url: string | URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) this.setCookie(header, url);
  }

  /** Stores one `Set-Cookie` header value received for `url`. */
  setCookie(header: string, url: string | URL): void {
    const requestUrl = new URL(url);
    const [pair = "", ...attributes] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const host = requestUrl.hostname.toLowerCase();

    let domain = host;
    let hostOnly = true;
    let path: string | undefined;
    let maxAge: number | undefined;
    let expires: number | undefined;
    let secure = false;
    let httpOnly = false;
    for (const attribute of attributes) {
      const i = attribute.indexOf("=");
      const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? "" : attribute.slice(i + 1).trim();
      if (key === "domain" && val) {
        const d = val.replace(/^\./, "").toLowerCase();
        if (!domainMatches(host, d)) return; // a server may not set cookies for another domain
        domain = d;
        hostOnly = false;
      } else if (key === "path") {
        path = val.startsWith("/") ? val : undefined;
      } else if (key === "max-age") {
        const n = Number(val);
        if (/^-?\d+$/.test(val) && Number.isFinite(n)) maxAge = n;
      } else if (key === "expires") {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
      } else if (key === "secure") {
        secure = true;
      } else if (key === "httponly") {
        httpOnly = true;
      }
    }
    const expiresAt = maxAge !== undefined ? Date.now() + maxAge * 1000 : expires;
    const cookie: StoredCookie = {
      name,
      value,
      domain,
      hostOnly,
      path: path ?? defaultPath(requestUrl.pathname),
      secure,
      httpOnly,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
    const key = `${cookie.domain};${cookie.path};${cookie.name}`;
    if (expiresAt !== undefined && expiresAt <= Date.now()) this.#cookies.delete(key);
    else this.#cookies.set(key, cookie);
  }

  /** Cookies that a browser would send to `url`, most specific path first. */
  cookiesFor(url: string | URL): StoredCookie[] {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    const secureContext =
      target.protocol === "https:" || host === "localhost" || host === "127.0.0.1" || host === "[::1]";
    const now = Date.now();
    const out: StoredCookie[] = [];
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
        this.#cookies.delete(key);
        continue;
      }
      if (cookie.hostOnly ? cookie.domain !== host : !domainMatches(host, cookie.domain)) continue;
      if (!pathMatches(target.pathname, cookie.path)) continue;
      if (cookie.secure && !secureContext) continue;
      out.push(cookie);
    }
    return out.sort((a, b) => b.path.length - a.path.length);
  }

  /** The `Cookie` request header for `url`, or undefined when there is nothing to send. */
  getCookieHeader(url: string | URL): string | undefined {
    const cookies = this.cookiesFor(url);
    return cookies.length > 0 ? cookies.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  /** The value of cookie `name` sent to `url` (or, without `url`, stored for any host/path). */
  get(name: string, url?: string | URL): string | undefined {
    const list = url ? this.cookiesFor(url) : [...this.#cookies.values()];
    return list.find((c) => c.name === name)?.value;
  }

  /** All stored cookies. */
  all(): StoredCookie[] {
    return [...this.#cookies.values()];
  }
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && !/^[\d.]+$/.test(host));
}

function defaultPath(pathname: string): string {
  if (!pathname.startsWith("/")) return "/";
  const i = pathname.lastIndexOf("/");
  return i <= 0 ? "/" : pathname.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}
