/** The stand-in's HTML: the account picker, the consent page and its error page, plain forms without JavaScript. */
import type { AppLink } from "../app-links.js";
import { errorPage, html, page, type SafeHtml } from "../html.js";
import { STANDIN_ACCOUNTS, type StandInAccount, USERNAME_PATTERN, USERNAME_RULE } from "./accounts.js";

/**
 * Hugging Face's mark drawn inline, then the name: an emoji would be a missing glyph on a system without an emoji
 * font. Decorative: the text names it.
 */
const BRAND = html`<svg width="18" height="18" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
<circle cx="16" cy="14.5" r="12.5" fill="#FFD21E"/><circle cx="11.2" cy="11.6" r="1.9" fill="#3A3B45"/>
<circle cx="20.8" cy="11.6" r="1.9" fill="#3A3B45"/>
<path d="M10.4 16.6c1 3.6 3.1 5.3 5.6 5.3s4.6-1.7 5.6-5.3c-1.9.9-3.7 1.3-5.6 1.3s-3.7-.4-5.6-1.3z" fill="#3A3B45"/>
</svg><span>Hugging Face (stand-in)</span>`;

/** The OAuth parameters that every step of one authorization request carries, in its forms and its URLs. */
const OAUTH_FIELDS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
];

/** The OAuth parameters of `input` (a query or a form), without anything else it holds. */
export function oauthParams(input: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of OAUTH_FIELDS) {
    const value = input.get(name);
    if (value !== null) params.set(name, value);
  }
  return params;
}

/** What every step of one authorization request shows and posts back. */
export interface AuthorizePageContext {
  /** The stand-in's authorize endpoint, as a path: each form posts there. */
  authorizePath: string;
  /** The OAuth application asking, by the name Hugging Face shows. */
  clientName: string;
  /** The request's parameters (query or form), carried through the forms. */
  input: URLSearchParams;
}

/** A username typed into "another user" that the stand-in refused, shown again with the reason. */
export interface RefusedUsername {
  value: string;
  error: string;
}

/** Why a typed username was refused, in the words the page and the browser's tooltip use. */
export function refusedUsernameMessage(value: string): string {
  return value === ""
    ? `Type a username: ${USERNAME_RULE}`
    : `"${value}" cannot be a Hugging Face username. Use ${USERNAME_RULE}`;
}

/** Step one: pick a built-in account, or type any other username. */
export function accountPickerPage(
  context: AuthorizePageContext,
  avatarUrl: (username: string) => string,
  refused?: RefusedUsername,
): string {
  const { authorizePath, clientName, input } = context;
  return page({
    title: "Sign in to Hugging Face",
    brand: BRAND,
    body: html`<h1>Sign in to Hugging Face</h1>
<p>Choose an account to continue to ${clientName}.</p>
<form method="post" action="${authorizePath}">
${hiddenOAuthFields(input)}
<input type="hidden" name="step" value="pick">
${STANDIN_ACCOUNTS.map(
  (a) =>
    html`<button class="btn" type="submit" name="account" value="${a.username}">${
      a.hasAvatar ? html`<img src="${avatarUrl(a.username)}" alt="">` : ""
    }${a.fullname ?? a.username}</button>`,
)}
</form>
<form method="post" action="${authorizePath}" class="field">
${hiddenOAuthFields(input)}
<input type="hidden" name="step" value="pick">
<label for="another-user">Another user</label>
<div class="row">
<input id="another-user" type="text" name="account" value="${refused?.value ?? ""}" required
pattern="${USERNAME_PATTERN}" title="Use ${USERNAME_RULE}" placeholder="username" autocomplete="off"
autocapitalize="none" spellcheck="false" aria-describedby="another-user-rule"${
      refused ? html` aria-invalid="true" autofocus` : ""
    }>
<button class="btn" type="submit">Continue</button>
</div>
${
  refused
    ? html`<p id="another-user-rule" class="field-error" role="alert">${refused.error}</p>`
    : html`<p id="another-user-rule" class="rule">${USERNAME_RULE}</p>`
}
</form>
<p class="muted">This is a local stand-in for huggingface.co; no password needed.
Any other username signs in as a new user.</p>`,
  });
}

/** Step two: allow or deny the application access to the scopes it asked for. */
export function consentPage(context: AuthorizePageContext, account: StandInAccount, scope: string[]): string {
  const { authorizePath, clientName, input } = context;
  return page({
    title: `Authorize ${clientName}`,
    brand: BRAND,
    body: html`<h1>Authorize ${clientName} to access your profile and email</h1>
<p>Signed in as <strong>${account.fullname ?? account.username}</strong> (@${account.username}).
${clientName} will be able to read your ${describeScopes(scope)}.</p>
<form method="post" action="${authorizePath}">
${hiddenOAuthFields(input)}
<input type="hidden" name="step" value="consent">
<input type="hidden" name="account" value="${account.username}">
<div class="row">
<button class="btn" type="submit" name="decision" value="deny">Deny</button>
<button class="btn primary" type="submit" name="decision" value="allow">Allow</button>
</div>
</form>`,
  });
}

/** An authorization request that cannot be redirected back to its client (unknown client or redirect URI). */
export function standInErrorPage(error: string, description: string, links: readonly AppLink[]): string {
  return errorPage({
    title: "Hugging Face cannot continue this sign-in",
    error,
    description: `The application that sent you here made a request Hugging Face does not accept: ${description}`,
    links,
    brand: BRAND,
  });
}

function hiddenOAuthFields(input: URLSearchParams): SafeHtml {
  return html`${[...oauthParams(input)].map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}`;
}

function describeScopes(scope: string[]): string {
  const parts: string[] = [];
  if (scope.includes("profile")) parts.push("profile (name, username, avatar)");
  if (scope.includes("email")) parts.push("email address");
  if (scope.includes("read-repos")) parts.push("repositories, private ones included");
  if (scope.includes("inference-api")) parts.push("Inference Providers access");
  if (parts.length === 0) return "account id";
  return parts.length === 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
