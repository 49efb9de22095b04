/**
 * Test helpers that drive the IdP's real pages over real HTTP, like a browser without JavaScript:
 * manual redirects, a minimal cookie jar, form submits. Dependency-free.
 */

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
    const secureContext = target.protocol === "https:" || host === "localhost" || host === "127.0.0.1" || host === "[::1]";
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

  delete(name: string): void {
    for (const [key, cookie] of this.#cookies) if (cookie.name === name) this.#cookies.delete(key);
  }

  clear(): void {
    this.#cookies.clear();
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

// --- a tiny browser --------------------------------------------------------------------------

export interface HtmlForm {
  action: string;
  method: string;
  id?: string;
  hidden: [string, string][];
  buttons: { name?: string; value?: string; text: string; form?: string }[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[entity.toLowerCase()] ?? m;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const body = tag.replace(/^<\s*[a-z]+/i, "").replace(/\/?>$/, "");
  for (const m of body.matchAll(re)) {
    const name = m[1]?.toLowerCase();
    if (name) out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

function stripTags(markup: string): string {
  return decodeEntities(markup.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
}

/** Parses the forms of a page, including buttons placed outside a form with `form="id"`. */
export function parseForms(markup: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of markup.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? "");
    const inner = m[2] ?? "";
    const form: HtmlForm = {
      action: attrs.action ?? "",
      method: (attrs.method ?? "get").toUpperCase(),
      ...(attrs.id ? { id: attrs.id } : {}),
      hidden: [],
      buttons: [],
    };
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      if ((a.type ?? "text").toLowerCase() === "hidden" && a.name) form.hidden.push([a.name, a.value ?? ""]);
    }
    for (const button of inner.matchAll(/(<button\b[^>]*>)([\s\S]*?)<\/button>/gi)) {
      const a = attributes(button[1] ?? "");
      form.buttons.push({ ...(a.name ? { name: a.name } : {}), ...(a.value !== undefined ? { value: a.value } : {}), text: stripTags(button[2] ?? "") });
    }
    forms.push(form);
  }
  // Buttons associated by the `form` attribute (e.g. oidc-provider's logout page).
  for (const button of markup.matchAll(/(<button\b[^>]*\bform\s*=[^>]*>)([\s\S]*?)<\/button>/gi)) {
    const a = attributes(button[1] ?? "");
    const form = forms.find((f) => f.id === a.form);
    if (form) {
      form.buttons.push({ ...(a.name ? { name: a.name } : {}), ...(a.value !== undefined ? { value: a.value } : {}), text: stripTags(button[2] ?? ""), form: a.form ?? "" });
    }
  }
  return forms;
}

function findLink(markup: string, text: string): string | undefined {
  for (const m of markup.matchAll(/(<a\b[^>]*>)([\s\S]*?)<\/a>/gi)) {
    if (stripTags(m[2] ?? "") === text) return attributes(m[1] ?? "").href;
  }
  return undefined;
}

interface Step {
  url: URL;
  method: "GET" | "POST";
  body?: URLSearchParams;
}

interface BrowserResult {
  status: number;
  url: URL;
  location?: URL;
  text?: string;
}

const MAX_STEPS = 40;

async function request(step: Step, jar: CookieJar): Promise<BrowserResult> {
  const headers: Record<string, string> = {
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "user-agent": "logto-hf-idp-testing",
  };
  const cookie = jar.getCookieHeader(step.url);
  if (cookie) headers.cookie = cookie;
  if (step.body) headers["content-type"] = "application/x-www-form-urlencoded";
  const response = await fetch(step.url, {
    method: step.method,
    headers,
    redirect: "manual",
    ...(step.body ? { body: step.body.toString() } : {}),
  });
  jar.setFromResponse(step.url, response);
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel();
    return { status: response.status, url: step.url, location: new URL(location, step.url) };
  }
  return { status: response.status, url: step.url, text: await response.text() };
}

function follow(current: Step, result: BrowserResult & { location: URL }): Step {
  const keepMethod = result.status === 307 || result.status === 308;
  return keepMethod && current.body
    ? { url: result.location, method: current.method, body: current.body }
    : { url: result.location, method: "GET" };
}

function submit(form: HtmlForm, base: URL, button?: { name?: string; value?: string }): Step {
  const body = new URLSearchParams(form.hidden);
  if (button?.name) body.append(button.name, button.value ?? "");
  const url = new URL(form.action || base.href, base);
  if (form.method === "POST") return { url, method: "POST", body };
  url.search = body.toString();
  return { url, method: "GET" };
}

function describe(result: BrowserResult): string {
  const snippet = (result.text ?? "").replace(/<style[\s\S]*?<\/style>/gi, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return `${result.status} at ${result.url.href}: ${snippet.slice(0, 400)}`;
}

export interface SignInOptions {
  /** Stand-in account: "ada" (default), "grace", "linus", or any other username for a new user. */
  account?: string;
  /** Reuse a jar to keep the IdP session (`_logto`) between sign-ins. */
  cookieJar?: CookieJar;
  /** Click "Deny" on the Hugging Face consent page. */
  deny?: boolean;
}

/**
 * Starts at an authorization URL of the IdP, goes through the IdP and Hugging Face stand-in pages
 * like a browser and stops at the first redirect leaving the IdP's origin (the client's
 * redirect_uri), which it returns. With a jar holding an IdP session no page is shown at all.
 */
export async function signInThroughStandIn(
  authorizationUrl: string,
  opts: SignInOptions = {},
): Promise<{ callbackUrl: URL; cookieJar: CookieJar }> {
  const jar = opts.cookieJar ?? new CookieJar();
  const idpOrigin = new URL(authorizationUrl).origin;
  let step: Step = { url: new URL(authorizationUrl), method: "GET" };

  for (let i = 0; i < MAX_STEPS; i++) {
    const result = await request(step, jar);
    if (result.location) {
      if (result.location.origin !== idpOrigin) return { callbackUrl: result.location, cookieJar: jar };
      step = follow(step, result as BrowserResult & { location: URL });
      continue;
    }
    const text = result.text ?? "";
    if (result.status !== 200) throw new Error(`signInThroughStandIn: unexpected page ${describe(result)}`);

    const hfLink = findLink(text, "Continue with Hugging Face");
    if (hfLink) {
      step = { url: new URL(hfLink, result.url), method: "GET" };
      continue;
    }
    const forms = parseForms(text);
    const pick = forms.find((f) => f.buttons.some((b) => b.name === "account"));
    if (pick) {
      const account = opts.account ?? "ada";
      // A built-in account is a button; any other username is typed into the "another user" form.
      const button = pick.buttons.find((b) => b.name === "account" && b.value === account) ?? { name: "account", value: account };
      step = submit(pick, result.url, button);
      continue;
    }
    const consent = forms.find((f) => f.buttons.some((b) => b.name === "decision"));
    if (consent) {
      const decision = opts.deny ? "deny" : "allow";
      step = submit(consent, result.url, consent.buttons.find((b) => b.name === "decision" && b.value === decision));
      continue;
    }
    // oidc-provider's self-submitting forms (e.g. ending a session of another account).
    const auto = forms.find((f) => f.method === "POST" && /document\.forms\[0\]\.submit\(\)/.test(text));
    if (auto) {
      const target = new URL(auto.action, result.url);
      if (target.origin !== idpOrigin) {
        throw new Error("signInThroughStandIn: response_mode=form_post is not supported; use the query response mode");
      }
      step = submit(auto, result.url);
      continue;
    }
    throw new Error(`signInThroughStandIn: do not know how to continue from ${describe(result)}`);
  }
  throw new Error(`signInThroughStandIn: more than ${MAX_STEPS} steps`);
}

/**
 * Follows an end-session URL of the IdP (e.g. `/oidc/session/end?id_token_hint=…&
 * post_logout_redirect_uri=…`) like a browser: confirms the logout page with `logout=yes`.
 * Returns the redirect leaving the IdP (the post-logout redirect URI), or undefined when the IdP
 * shows its own "signed out" page.
 */
export async function signOutThroughIdp(
  endSessionUrl: string,
  opts: { cookieJar?: CookieJar } = {},
): Promise<{ redirectUrl: URL | undefined; cookieJar: CookieJar }> {
  const jar = opts.cookieJar ?? new CookieJar();
  const idpOrigin = new URL(endSessionUrl).origin;
  let step: Step = { url: new URL(endSessionUrl), method: "GET" };
  for (let i = 0; i < MAX_STEPS; i++) {
    const result = await request(step, jar);
    if (result.location) {
      if (result.location.origin !== idpOrigin) return { redirectUrl: result.location, cookieJar: jar };
      step = follow(step, result as BrowserResult & { location: URL });
      continue;
    }
    if (result.status !== 200) throw new Error(`signOutThroughIdp: unexpected page ${describe(result)}`);
    const text = result.text ?? "";
    const forms = parseForms(text);
    const logout = forms.find((f) => f.id === "op.logoutForm") ?? forms.find((f) => f.method === "POST" && f.hidden.some(([n]) => n === "xsrf"));
    if (!logout) return { redirectUrl: undefined, cookieJar: jar };
    const body = submit(logout, result.url);
    if (!body.body?.has("logout")) body.body?.set("logout", "yes");
    step = body;
  }
  throw new Error(`signOutThroughIdp: more than ${MAX_STEPS} steps`);
}
