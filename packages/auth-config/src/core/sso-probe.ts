import { createHmac, timingSafeEqual } from "node:crypto";
import { LogtoError } from "../errors.js";
import { clearCookie, readCookie, setCookie } from "./cookies.js";
import { isPageNavigation } from "./page-navigation.js";
import { safeReturnTo } from "./return-to.js";

/** Where a silent sign-in probe stands, as remembered in the probe cookie. */
export interface ProbeState {
  /** `pending` while the browser is at the IdP; `done` once it came back signed out. */
  status: "pending" | "done";
  /** 1 for the `prompt=none` request, 2 for the consent fallback. */
  attempt: number;
  /** The page the visitor asked for, restored after the probe. */
  returnTo: string;
  /** When this state was written, in epoch seconds. */
  at: number;
  /**
   * Set while the browser is on its way back from the probe (or from signing out): the next page view honours the
   * state whatever its Referer, and {@link SsoProbe.settle} clears the flag.
   */
  returning?: boolean;
  /** When the probe began (epoch milliseconds), to tell the visitor how long the silent sign-in took. */
  startedAt?: number;
  /** The origin of the page the visitor came from when it was another site (another app of the SSO, say). */
  cameFrom?: string;
}

/** What to do with an error that the IdP sent back to the callback. */
export type ProbeErrorOutcome =
  /** The IdP session exists but this app has no grant yet: ask again with `prompt=consent`. */
  | { action: "retry-with-consent"; state: ProbeState }
  /** No IdP session (or the retries are spent): show the page signed out and remember that. */
  | { action: "signed-out"; state: ProbeState }
  /** Not a probe of ours: let the normal error handling show it. */
  | { action: "not-a-probe" };

/** Options of {@link SsoProbe}. */
export interface SsoProbeOptions {
  /** Signs the probe cookie, so its `returnTo` and status cannot be forged. Use the app's AUTH_SECRET. */
  secret: string;
  /** The probe cookie's name; distinct per app, since localhost cookies are shared by every port. */
  cookieName: string;
  /** How long a probe that found no IdP session is remembered, in seconds (`AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER`). @default 300 */
  silentSignInRetryAfter?: number;
  /** How long a pending probe blocks another one, in seconds. @default 60 */
  pendingFor?: number;
  /** Add `Secure` to the cookie (apps served over https). @default false */
  secure?: boolean;
  /** Path prefixes that never probe (API routes, the auth routes, assets). @default ["/api/", "/auth/"] */
  excludePaths?: readonly string[];
  /** Set to `false` to turn silent sign-in off (`AUTH_LOGTO_SILENT_SIGN_IN=off`). @default true */
  silentSignIn?: boolean;
  /** The app's public origin (`AUTH_URL`), to tell a navigation from another site. @default the request's origin */
  appOrigin?: string;
}

/**
 * Silent single sign-on for server-rendered apps (OpenID Connect `prompt=none`): decides which requests probe
 * the IdP, and keeps the probe's state in a signed cookie so that a visitor without an IdP session is asked
 * once, not in a loop.
 *
 * Only top-level page navigations probe: `GET`, `Accept: text/html`, a `navigate`/`document` fetch where the
 * browser says so; never API routes, assets, prefetches, React Server Component or Remix data requests.
 *
 * @example
 * ```ts
 * const probe = new SsoProbe({ secret: process.env.AUTH_SECRET!, cookieName: "web-sso-probe" });
 * if (probe.shouldProbe(request, { signedIn: false })) {
 *   const { state, setCookie } = probe.start(request);
 *   // redirect to the IdP with prompt=none, adding setCookie
 * }
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest (`prompt=none`)
 */
export class SsoProbe {
  readonly cookieName: string;
  readonly silentSignIn: boolean;
  private readonly rememberFor: number;
  private readonly pendingFor: number;
  private readonly excludePaths: readonly string[];

  constructor(private readonly options: SsoProbeOptions) {
    if (options.secret.length < 32)
      throw new LogtoError("argument.invalid", "SsoProbe: `secret` must be at least 32 characters.");
    this.cookieName = options.cookieName;
    this.silentSignIn = options.silentSignIn ?? true;
    this.rememberFor = options.silentSignInRetryAfter ?? 300;
    this.pendingFor = options.pendingFor ?? 60;
    this.excludePaths = options.excludePaths ?? ["/api/", "/auth/"];
  }

  /**
   * Whether this request should start a silent sign-in: an anonymous top-level navigation, with no probe in
   * flight and none that recently found the visitor signed out. A visitor who arrives from another site (another
   * app's link) is probed again at once, since they may have signed in there meanwhile; reloads and navigations
   * within the app honour what the last probe found.
   */
  shouldProbe(request: Request, { signedIn }: { signedIn: boolean }): boolean {
    if (!this.silentSignIn || signedIn || !isPageNavigation(request)) return false;
    const { pathname } = new URL(request.url);
    if (this.excludePaths.some((prefix) => pathname.startsWith(prefix) || `${pathname}/` === prefix)) return false;
    const state = this.read(request);
    if (!state) return true;
    const age = nowSeconds() - state.at;
    if (state.status === "pending") return age >= this.pendingFor;
    return age >= this.rememberFor || (!state.returning && this.arrivesFromAnotherSite(request));
  }

  /**
   * The `Set-Cookie` that clears the state's "on its way back" flag once a page view honoured it, or `undefined`
   * when there is nothing to clear. Call it for a page view that did not probe.
   */
  settle(request: Request): string | undefined {
    if (!isPageNavigation(request)) return undefined;
    const state = this.read(request);
    return state?.status === "done" && state.returning ? this.serialize({ ...state, returning: false }) : undefined;
  }

  /** A navigation whose Referer is another origin, and not a reload (which keeps the first Referer). */
  private arrivesFromAnotherSite(request: Request): boolean {
    return (
      this.otherSiteReferer(request) !== undefined &&
      !/max-age=0|no-cache/i.test(request.headers.get("cache-control") ?? "")
    );
  }

  /** The Referer's origin when it is not this app's own. */
  private otherSiteReferer(request: Request): string | undefined {
    const referer = request.headers.get("referer");
    if (!referer || !URL.canParse(referer)) return undefined;
    const { origin } = new URL(referer);
    if (
      origin === "null" ||
      origin.length > 200 ||
      origin === (this.options.appOrigin ? new URL(this.options.appOrigin).origin : new URL(request.url).origin)
    )
      return undefined;
    return origin;
  }

  /** The state of the probe this request carries, or `null` when it has none (or a forged or expired one). */
  read(request: Request): ProbeState | null {
    const raw = readCookie(request.headers.get("cookie"), this.cookieName);
    if (!raw) return null;
    const dot = raw.lastIndexOf(".");
    if (dot < 0) return null;
    const payload = raw.slice(0, dot);
    const expected = Buffer.from(this.sign(payload));
    const actual = Buffer.from(raw.slice(dot + 1));
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    try {
      const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as ProbeState;
      const valid =
        (state.status === "pending" || state.status === "done") &&
        Number.isInteger(state.attempt) &&
        typeof state.at === "number" &&
        typeof state.returnTo === "string" &&
        (state.returning === undefined || typeof state.returning === "boolean") &&
        (state.startedAt === undefined || typeof state.startedAt === "number") &&
        (state.cameFrom === undefined || typeof state.cameFrom === "string");
      return valid ? { ...state, returnTo: safeReturnTo(state.returnTo) } : null;
    } catch {
      return null;
    }
  }

  /** Starts a probe for the page of this request: the state and the `Set-Cookie` value that remembers it. */
  start(request: Request): { state: ProbeState; setCookie: string } {
    const url = new URL(request.url);
    const cameFrom = this.otherSiteReferer(request);
    const state: ProbeState = {
      status: "pending",
      attempt: 1,
      returnTo: safeReturnTo(url.pathname + url.search),
      at: nowSeconds(),
      startedAt: Date.now(),
      ...(cameFrom ? { cameFrom } : {}),
    };
    return { state, setCookie: this.serialize(state) };
  }

  /**
   * Decides what an error at the callback means for a pending probe: `consent_required` and
   * `interaction_required` retry once with `prompt=consent`; `login_required`, or anything once the retry is
   * spent, ends the probe signed out.
   */
  onError(request: Request, error: string): ProbeErrorOutcome {
    const state = this.read(request);
    if (state?.status !== "pending") return { action: "not-a-probe" };
    if ((error === "consent_required" || error === "interaction_required") && state.attempt < 2) {
      return { action: "retry-with-consent", state: { ...state, attempt: state.attempt + 1, at: nowSeconds() } };
    }
    return { action: "signed-out", state: { ...state, status: "done", at: nowSeconds(), returning: true } };
  }

  /**
   * The state of a visitor who just signed out: no silent sign-in for the configured while, so that coming
   * back from Logto's end-session page does not start one.
   */
  signedOut(): ProbeState {
    return { status: "done", attempt: 0, returnTo: "/", at: nowSeconds(), returning: true };
  }

  /** The signed cookie value that stores `state`, and its lifetime in seconds (for frameworks that set cookies by parts). */
  cookie(state: ProbeState): { name: string; value: string; maxAge: number } {
    const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
    return {
      name: this.cookieName,
      value: `${payload}.${this.sign(payload)}`,
      maxAge: state.status === "pending" ? this.pendingFor : this.rememberFor,
    };
  }

  /** The `Set-Cookie` value that stores `state`. */
  serialize(state: ProbeState): string {
    const { name, value, maxAge } = this.cookie(state);
    return setCookie(name, value, this.options.secure ?? false, { maxAge });
  }

  /**
   * The `Set-Cookie` that forgets a probe still in flight, for an interactive sign-in (so that its callback is not
   * taken for the probe's), or `undefined` when there is none.
   */
  dropPending(request: Request): string | undefined {
    return this.read(request)?.status === "pending" ? this.clear() : undefined;
  }

  /** The `Set-Cookie` value that forgets the probe (after a successful sign-in). */
  clear(): string {
    return clearCookie(this.cookieName, this.options.secure ?? false);
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.options.secret)
      .update(`sso-probe:${this.cookieName}:${payload}`)
      .digest("base64url");
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
