/** The stand-in's HTML: the account picker, the consent page and its error page, plain forms without JavaScript. */
import type { AppLink } from "../app-links.js";
import { errorPage, html, page, type SafeHtml } from "../html.js";
import { STANDIN_ACCOUNTS, type StandInAccount } from "./accounts.js";

const BRAND = "🤗 Hugging Face (stand-in)";

/** The OAuth parameters a form carries from one step of the authorization request to the next. */
const OAUTH_FIELDS = ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"];

/** What every step of one authorization request shows and posts back. */
export interface AuthorizePageContext {
  /** The stand-in's authorize endpoint, as a path: each form posts there. */
  authorizePath: string;
  /** The OAuth application asking, by the name Hugging Face shows. */
  clientName: string;
  /** The request's parameters (query or form), carried through the forms. */
  input: URLSearchParams;
}

/** Step one: pick a built-in account, or type any other username. */
export function accountPickerPage(context: AuthorizePageContext, avatarUrl: (username: string) => string): string {
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
<form method="post" action="${authorizePath}" class="row">
${hiddenOAuthFields(input)}
<input type="hidden" name="step" value="pick">
<label>Another user <input type="text" name="account" required pattern="[a-z0-9][a-z0-9\\-]{1,29}" placeholder="username" autocomplete="off"></label>
<button class="btn" type="submit">Continue</button>
</form>
<p class="muted">This is a local stand-in for huggingface.co; no password needed. Any other username signs in as a new user.</p>`,
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
  return html`${OAUTH_FIELDS.filter((n) => input.get(n) !== null).map((n) => html`<input type="hidden" name="${n}" value="${input.get(n)}">`)}`;
}

function describeScopes(scope: string[]): string {
  const parts: string[] = [];
  if (scope.includes("profile")) parts.push("profile (name, username, avatar)");
  if (scope.includes("email")) parts.push("email address");
  return parts.length > 0 ? parts.join(" and ") : "account id";
}
