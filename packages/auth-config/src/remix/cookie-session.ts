import type { LogtoSessionData } from "../core/session-data.js";
import type { EncryptedCookie } from "./encrypted-cookie.js";

/** Where a flash value is kept among the values: the key Remix's own session storage uses. */
const FLASH_RETURN_TO = "__flash_returnTo__";

/** One request's session: the Logto session's data, and where to come back to after a sign-in (read once). */
export class CookieSession {
  constructor(private readonly values: Record<string, unknown>) {}

  get<K extends keyof LogtoSessionData>(key: K): LogtoSessionData[K] | undefined {
    return this.values[key] as LogtoSessionData[K] | undefined;
  }

  set<K extends keyof LogtoSessionData>(key: K, value: LogtoSessionData[K]): void {
    this.values[key] = value;
  }

  unset(key: keyof LogtoSessionData): void {
    delete this.values[key];
  }

  /** Keeps `returnTo` until the next read of it. */
  flashReturnTo(returnTo: string): void {
    this.values[FLASH_RETURN_TO] = returnTo;
  }

  /** The flashed `returnTo`, removed from the session. */
  takeReturnTo(): string | undefined {
    const returnTo = this.values[FLASH_RETURN_TO];
    delete this.values[FLASH_RETURN_TO];
    return typeof returnTo === "string" ? returnTo : undefined;
  }

  /** What the cookie holds. */
  toJSON(): Record<string, unknown> {
    return this.values;
  }
}

/**
 * The session kept in one encrypted cookie, in the layout of Remix's and React Router's `createCookieSessionStorage`
 * (the values, a flash under `__flash_<key>__`), so that it works with either framework and needs neither.
 */
export class CookieSessionStorage {
  constructor(private readonly cookie: EncryptedCookie) {}

  async getSession(cookieHeader: string | null): Promise<CookieSession> {
    const values = await this.cookie.parse(cookieHeader);
    const isObject = typeof values === "object" && values !== null && !Array.isArray(values);
    return new CookieSession(isObject ? { ...(values as Record<string, unknown>) } : {});
  }

  /** The `Set-Cookie` that stores `session`. */
  commitSession(session: CookieSession): Promise<string> {
    return this.cookie.serialize(session.toJSON());
  }

  /** The `Set-Cookie` that deletes the session. */
  destroySession(): Promise<string> {
    return this.cookie.serialize("", { maxAge: undefined, expires: new Date(0) });
  }
}
