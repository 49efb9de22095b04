/**
 * A scripted browser without JavaScript for tests: it drives the IdP's and the Hugging Face stand-in's real
 * pages over real HTTP (manual redirects, a cookie jar, form submits) through a sign-in or a sign-out.
 */
import { CookieJar } from "./cookie-jar.js";
import { findLink, type HtmlForm, parseForms } from "./html-forms.js";

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
  const snippet = (result.text ?? "")
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return `${result.status} at ${result.url.href}: ${snippet.slice(0, 400)}`;
}

/** Options of {@link signInThroughStandIn}. */
export interface SignInOptions {
  /** Stand-in account: "ada" (default), "grace", "linus", or any other username for a new user. */
  account?: string;
  /** Reuse a jar to keep the IdP session (`_session`) between sign-ins. */
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
      // The stand-in answers a refused username with the picker again, saying why.
      if (text.includes('class="field-error"'))
        throw new Error(`signInThroughStandIn: the stand-in refused account "${account}": ${describe(result)}`);
      // A built-in account is a button; any other username is typed into the "another user" form.
      const button = pick.buttons.find((b) => b.name === "account" && b.value === account) ?? {
        name: "account",
        value: account,
      };
      step = submit(pick, result.url, button);
      continue;
    }
    const consent = forms.find((f) => f.buttons.some((b) => b.name === "decision"));
    if (consent) {
      const decision = opts.deny ? "deny" : "allow";
      step = submit(
        consent,
        result.url,
        consent.buttons.find((b) => b.name === "decision" && b.value === decision),
      );
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
    const logout =
      forms.find((f) => f.id === "op.logoutForm") ??
      forms.find((f) => f.method === "POST" && f.hidden.some(([n]) => n === "xsrf"));
    if (!logout) return { redirectUrl: undefined, cookieJar: jar };
    const body = submit(logout, result.url);
    if (!body.body?.has("logout")) body.body?.set("logout", "yes");
    step = body;
  }
  throw new Error(`signOutThroughIdp: more than ${MAX_STEPS} steps`);
}
