/** The oidc-provider instance, configured to behave like Logto where the apps can tell. */

import type { JWK } from "jose";
import Provider, { type ClientMetadata, type Configuration, errors, type KoaContextWithOIDC } from "oidc-provider";

import { AccountRepository } from "./accounts.js";
import type { AppLink } from "./app-links.js";
import { signInExpiredPage } from "./expired-page.js";
import { errorPage, html, page, SafeHtml } from "./html.js";
import type { RbacRepository } from "./rbac.js";
import type { IdpClient, Logger } from "./types.js";

export interface ProviderTtl {
  accessToken: number;
  idToken: number;
  refreshToken: number;
  session: number;
}

export interface CreateProviderOptions {
  issuer: string;
  clients: IdpClient[];
  jwks: { keys: JWK[] };
  cookieKeys: string[];
  ttl: ProviderTtl;
  adapter: NonNullable<Configuration["adapter"]>;
  accounts: AccountRepository;
  /** API resources, roles and user roles: the scopes of resource-bound access tokens. */
  rbac: RbacRepository;
  /** The applications' home pages, offered on error pages as the way back. */
  appLinks: readonly AppLink[];
  logger: Logger;
}

const COOKIE_NAMES = { session: "_session", interaction: "_interaction", resume: "_interaction_resume" } as const;

/** The scopes (and their claims) the IdP supports, like Logto's defaults for these scopes. */
const CLAIMS = {
  openid: ["sub"],
  profile: ["name", "username", "picture", "created_at", "updated_at"],
  email: ["email", "email_verified"],
  // Like Logto: the linked social accounts, in userinfo only (Logto's ID token leaves them out by default).
  identities: ["identities"],
} as const;

export const SUPPORTED_SCOPES = new Set(["openid", "offline_access", ...Object.keys(CLAIMS)]);

/**
 * Like Logto: a back-channel logout delivery may take 2.5 s (oidc-provider 8's default, written out
 * because the delivery timeout is part of the behaviour the apps rely on). oidc-provider 8 posts through
 * node's own agents, so apps on loopback addresses are reachable without any change.
 */
const BACKCHANNEL_TIMEOUT_MS = 2500;

function toClientMetadata(client: IdpClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    client_name: client.name,
    application_type: "web",
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "ES384",
    // With a back-channel logout URI, oidc-provider then puts `sid` in ID tokens and logout tokens.
    backchannel_logout_session_required: true,
    ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri } : {}),
  };
}

export function createProvider(opts: CreateProviderOptions): Provider {
  const { logger, accounts, ttl } = opts;
  // Like Logto: signed, SameSite=Lax, Path=/ (which also scopes the `_interaction` cookie to / so
  // the Hugging Face callback at /interaction/callback/huggingface can read the interaction).
  const cookieOptions = { httpOnly: true, sameSite: "lax", signed: true, path: "/", overwrite: true } as const;

  const configuration: Configuration = {
    adapter: opts.adapter,
    clients: opts.clients.map(toClientMetadata),
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "ES384",
    },
    jwks: opts.jwks as NonNullable<Configuration["jwks"]>,
    enabledJWA: {
      idTokenSigningAlgValues: ["ES384"],
    },
    conformIdTokenClaims: false,
    claims: {
      openid: [...CLAIMS.openid],
      profile: [...CLAIMS.profile],
      email: [...CLAIMS.email],
      identities: [...CLAIMS.identities],
    },
    scopes: ["openid", "offline_access"],
    pkce: { required: () => true },
    routes: {
      authorization: "/auth",
      token: "/token",
      userinfo: "/me",
      jwks: "/jwks",
      end_session: "/session/end",
      revocation: "/token/revocation",
      introspection: "/token/introspection",
    },
    cookies: {
      names: { ...COOKIE_NAMES },
      long: cookieOptions,
      short: cookieOptions,
      keys: opts.cookieKeys,
    },
    // Logto's extra authorization parameters (available in interaction details).
    extraParams: ["direct_sign_in", "first_screen", "interaction_mode", "login_hint"],
    // Note: like Logto, `offline_access` is honoured only with `prompt=consent`; oidc-provider's
    // checkScope already drops it from any authorization request whose prompt lacks `consent`
    // (covered by sso.test.ts).
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      // oidc-provider 8 refuses a client's revocation of another client's token by itself.
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // Confidential clients may introspect (oidc-provider's default for confidential clients).
        allowedPolicy: () => true,
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: resourceIndicators(opts.rbac),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource,
        postLogoutSuccessSource,
      },
    },
    httpOptions: () => ({ signal: AbortSignal.timeout(BACKCHANNEL_TIMEOUT_MS) }),
    // Browser CORS calls (token, userinfo, …) are allowed from the origins of a client's redirect URIs.
    clientBasedCORS: (_ctx, origin, client) =>
      (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
    rotateRefreshToken: true,
    ttl: {
      // Like Logto: a resource-bound token lives its resource's `accessTokenTtl`.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
      IdToken: ttl.idToken,
      RefreshToken: ttl.refreshToken,
      Session: ttl.session,
      Grant: Math.max(ttl.refreshToken, ttl.session),
      AuthorizationCode: 600,
      Interaction: 3600,
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find(sub);
      if (!account || account.isSuspended) return undefined;
      return {
        accountId: account.id,
        claims: (use: string) =>
          AccountRepository.claims(account, use === "userinfo" ? "userinfo" : "id_token") as { sub: string },
      };
    },
    renderError: (ctx, out, error) => {
      ctx.type = "html";
      // e.g. the browser went Back to a sign-in that has finished, or its interaction cookie is gone.
      ctx.body =
        error instanceof errors.SessionNotFound
          ? signInExpiredPage({
              reason:
                "This sign-in was already finished, was left open for too long, or was started in another browser.",
              error: out.error,
              details: out.error_description,
              links: opts.appLinks,
            })
          : errorPage({
              title: errorTitle(out.error),
              error: out.error,
              description: out.error_description,
              links: opts.appLinks,
            });
    },
  };

  const provider = new Provider(opts.issuer, configuration);
  // Requests reach the provider through our own server, which sets X-Forwarded-Host/-Proto from
  // the configured public origin (see server.ts), so the provider builds URLs on the public origin.
  provider.proxy = true;

  provider.on("server_error", (_ctx, error) => {
    logger.error(`[idp] oidc-provider server_error: ${error instanceof Error ? error.message : String(error)}`);
  });
  provider.on("backchannel.error", (_ctx, error, client) => {
    logger.warn(
      `[idp] back-channel logout to ${client.backchannelLogoutUri ?? client.clientId} failed: ${error.message}`,
    );
  });

  return provider;
}

/**
 * Like Logto's `resourceIndicators`: a token asked for with `resource` (RFC 8707) is a JWT signed with the issuer's
 * key, `aud` the indicator, living the resource's `accessTokenTtl`, carrying the scopes the user's roles grant among
 * those asked for; an unknown indicator is `invalid_target`. Without `resource` the token stays opaque (userinfo):
 * the authorization code's resources are not used by default (`useGrantedResource`), and this IdP has no default
 * resource (Logto's `PATCH /api/resources/:id/is-default`), so `defaultResource` gives none.
 */
function resourceIndicators(rbac: RbacRepository): NonNullable<Configuration["features"]>["resourceIndicators"] {
  return {
    enabled: true,
    defaultResource: () => undefined as unknown as string,
    useGrantedResource: () => false,
    getResourceServerInfo: (ctx, indicator) => {
      const resource = rbac.resourceByIndicator(indicator);
      if (!resource) throw new errors.InvalidTarget();
      const userId = ctx.oidc.session?.accountId ?? ctx.oidc.entities.Account?.accountId;
      return {
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: "ES384" } },
        accessTokenTTL: resource.accessTokenTtl,
        scope: userId ? rbac.userScopeNames(userId, indicator).join(" ") : "",
      };
    },
  };
}

function errorTitle(error: string): string {
  switch (error) {
    case "invalid_client":
      return "Unknown application";
    case "invalid_redirect_uri":
      return "Redirect URI not allowed";
    case "invalid_request":
      return "Invalid request";
    case "access_denied":
      return "Access denied";
    default:
      return "Something went wrong";
  }
}

/**
 * Like Logto: a page that submits the confirmation form with JavaScript (`logout=yes`) so the whole
 * session ends without a click; the visible button is the fallback when JavaScript is off.
 */
function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = "html";
  ctx.body = page({
    title: "Signing out…",
    head: html`<script>
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("op.logoutForm");
  if (!form) return;
  var input = document.createElement("input");
  input.type = "hidden"; input.name = "logout"; input.value = "yes";
  form.appendChild(input);
  form.submit();
});
</script>`,
    body: html`<h1>Signing out…</h1>
<p>You are being signed out of every application that uses this account.</p>
${new SafeHtml(form) /* the form markup comes from oidc-provider, already escaped */}
<button class="btn primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`,
  });
}

function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  const client = ctx.oidc.client;
  const name = client?.clientName ?? client?.clientId;
  ctx.type = "html";
  ctx.body = page({
    title: "Signed out",
    body: html`<h1>You are signed out</h1>
<p>${
      name
        ? `You have been signed out of ${name} and every other application of this account.`
        : "You have been signed out of every application of this account."
    }</p>
<p class="muted">You can close this page.</p>`,
  });
}
