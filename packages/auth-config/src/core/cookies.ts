import { parseCookie, parseSetCookie, stringifySetCookie } from "cookie";
import type { LogtoConfig } from "../config/types.js";

/** The cookies of a `Cookie` header, by name; a malformed header gives what could be read. */
export function readCookies(header: string | null | undefined): Record<string, string | undefined> {
  return header ? parseCookie(header) : {};
}

/** The value of cookie `name` in a `Cookie` header, or `undefined`. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  return readCookies(header)[name];
}

/** How long a cookie lives: `maxAge` in seconds, or an `expires` date; neither makes a browser-session cookie. */
export interface CookieLifetime {
  maxAge?: number;
  expires?: Date;
}

/**
 * The `Set-Cookie` value of one of an app's cookies: host-only, `Path=/`, `HttpOnly`, `SameSite=Lax`, and `Secure`
 * when `secure`. Every cookie the package writes itself is built here.
 */
export function setCookie(name: string, value: string, secure: boolean, lifetime: CookieLifetime = {}): string {
  return stringifySetCookie(name, value, { path: "/", httpOnly: true, sameSite: "lax", secure, ...lifetime });
}

/** The `Set-Cookie` value that deletes cookie `name`. */
export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, "", secure, { maxAge: 0 });
}

/**
 * The `Cookie` header a server would send after applying `setCookies` to `cookieHeader`: a page rendered in the same
 * request as a renewal then sees the renewed cookies.
 */
export function applySetCookies(cookieHeader: string, setCookies: readonly string[]): string {
  const raw = { decode: (value: string) => value };
  const jar = new Map(Object.entries(parseCookie(cookieHeader, raw)));
  for (const header of setCookies) {
    const { name, value, maxAge, expires } = parseSetCookie(header, raw);
    const removed = maxAge === 0 || (expires !== undefined && expires.getTime() <= Date.now());
    if (removed) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/**
 * The names and attributes of one app's own cookies. Browsers share cookies across the ports of a host, so each name
 * starts with the app's `name`; under https each is `__Host-` prefixed and `Secure`, so that no other origin can set
 * it.
 */
export class AppCookies {
  readonly secure: boolean;

  constructor(
    config: Pick<LogtoConfig, "appUrl">,
    readonly appName: string,
  ) {
    this.secure = config.appUrl.startsWith("https:");
  }

  /** The full name of the app's cookie `<appName>-<purpose>`. */
  name(purpose: string): string {
    const name = `${this.appName}-${purpose}`;
    return this.secure ? `__Host-${name}` : name;
  }

  /** See {@link setCookie}. */
  set(name: string, value: string, lifetime?: CookieLifetime): string {
    return setCookie(name, value, this.secure, lifetime);
  }

  /** See {@link clearCookie}. */
  clear(name: string): string {
    return clearCookie(name, this.secure);
  }
}
