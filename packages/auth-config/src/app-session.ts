import type { LogtoConfig } from "./config.js";
import { discoverLogto, onLogtoIssuerMismatch } from "./oidc.js";
import { type LogtoUser, mapLogtoProfile } from "./profile.js";
import type { RevocationStore } from "./revocation.js";
import { openRevocationStore } from "./revocation-open.js";
import { isIssuerReachable, type ProbeState, readCookie, SsoProbe } from "./sso.js";
import { fetchLogtoUserinfo, logtoEndSessionUrl, revokeLogtoToken } from "./tokens.js";

/** What an app keeps of a Logto sign-in, the same in every framework. */
export interface LogtoSessionData {
  user: LogtoUser;
  /** Logto's session ID: back-channel logout names it. */
  sid?: string | undefined;
  /** When this app's session was created, epoch seconds: a back-channel logout by `sub` revokes older ones. */
  createdAt: number;
  idToken: string;
  accessToken: string;
  /** Absent after a silent sign-in: Logto drops `offline_access` without `prompt=consent`. */
  refreshToken?: string | undefined;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** When Logto last vouched for the session (sign-in, refresh or the periodic check), epoch seconds. */
  checkedAt?: number | undefined;
  /** How the session began, for a page to tell the visitor. */
  origin?: SessionOrigin | undefined;
}

/** How an app's session began (see {@link sessionOrigin}). */
export type SessionOrigin =
  /** The visitor signed in here: they pressed the sign-in button, or a page that needs a session sent them. */
  | { how: "signed-in-here"; at: number }
  /** Signed in with no click by the silent probe, through the Logto session the visitor already had. */
  | {
      how: "silent";
      /** Epoch seconds. */
      at: number;
      /** The origin of the site the visitor came from, when the browser said so (Referer): often another app of the SSO. */
      cameFrom?: string | undefined;
      /** Authorization requests sent to Logto: 1 (`prompt=none`), or 2 when this app's first visit also asked for consent. */
      logtoRequests: number;
      /**
       * The redirects the browser followed that this app knows of: its own, and Logto's answer to each request. Logto
       * adds redirects of its own inside a request that needs consent (7 in all for a first visit, 3 for a return visit).
       */
      redirects: number;
      /** From the app sending the browser to Logto to Logto sending it back signed in, in milliseconds. */
      durationMs?: number | undefined;
    };

/**
 * How the session that a callback completes began: silently when a probe of this app was in flight (its cookie is
 * `pending`), else signed in here. The interactive sign-in routes drop a pending probe, so a probe abandoned halfway
 * is not taken for this one.
 */
export function sessionOrigin(probe: ProbeState | null, now = Date.now()): SessionOrigin {
  const at = Math.floor(now / 1000);
  if (probe?.status !== "pending") return { how: "signed-in-here", at };
  return {
    how: "silent",
    at,
    ...(probe.cameFrom ? { cameFrom: probe.cameFrom } : {}),
    logtoRequests: probe.attempt,
    // Page → Logto, Logto → callback, and per consent retry callback → Logto → callback; then callback → page.
    redirects: 2 * probe.attempt + 1,
    ...(probe.startedAt ? { durationMs: Math.max(0, now - probe.startedAt) } : {}),
  };
}

/**
 * The signed-in user from the verified ID token's claims, completed with the `identities` claim of one userinfo
 * request when the app asked for the `identities` scope: Logto keeps Hugging Face's username there, not in the ID
 * token. Costs that one request at sign-in, none later; without an answer, the ID token's claims alone.
 */
export async function signedInUser(config: LogtoConfig, claims: Record<string, unknown>, accessToken: string | undefined): Promise<LogtoUser> {
  if (!accessToken || !config.scopes.includes("identities")) return mapLogtoProfile(claims);
  const userinfo = await fetchLogtoUserinfo(await discoverLogto(config.issuer), accessToken);
  const identities = userinfo.ok && userinfo.claims.sub === claims.sub ? userinfo.claims.identities : undefined;
  return mapLogtoProfile(identities === undefined ? claims : { ...claims, identities });
}

/**
 * Checks Logto's issuer now (at start) and on every later discovery: an issuer that does not match what Logto
 * announces (`127.0.0.1` for `localhost`, a missing `/oidc`, a trailing slash) stops the app with one message
 * naming AUTH_LOGTO_ISSUER and the announced issuer, instead of failing every page. A Logto that does not answer at
 * start is checked again by the first request that reaches it.
 */
export function stopOnIssuerMismatch(config: Pick<LogtoConfig, "issuer">): void {
  if (!stopping.has(config.issuer)) {
    stopping.add(config.issuer);
    onLogtoIssuerMismatch((error) => {
      console.error(error.message);
      process.exit(1);
    });
  }
  discoverLogto(config.issuer).catch(() => undefined);
}
const stopping = new Set<string>();

/** Whether the app is served over https: its cookies are then `Secure` with a `__Host-` name. */
export function isSecureApp(config: Pick<LogtoConfig, "appUrl">): boolean {
  return config.appUrl.startsWith("https:");
}

/** The attributes of the app's own small cookies: host-only, `HttpOnly`, `SameSite=Lax`, `Secure` under https. */
export function appCookieAttributes(config: Pick<LogtoConfig, "appUrl">): string {
  return `Path=/; HttpOnly; SameSite=Lax${isSecureApp(config) ? "; Secure" : ""}`;
}

/** One of the app's own cookies: `__Host-<name>` and `Secure` under https, so no other origin can set it. */
export function appCookieName(config: Pick<LogtoConfig, "appUrl">, name: string): string {
  return isSecureApp(config) ? `__Host-${name}` : name;
}

/** The app's revocation store (Redis with `redisUrl`, else the file), opened once per process. */
export function appRevocations(config: Pick<LogtoConfig, "redisUrl" | "revocationFile">, name: string): () => Promise<RevocationStore> {
  return () => openRevocationStore({ redisUrl: config.redisUrl, file: config.revocationFile, keyPrefix: `${name}:` });
}

/** The app's silent sign-in probe, configured from `AUTH_LOGTO_SILENT_SIGN_IN*`. */
export function appSsoProbe(config: LogtoConfig, name: string, excludePaths: readonly string[]): SsoProbe {
  return new SsoProbe({
    secret: config.authSecret,
    cookieName: appCookieName(config, `${name}-sso-probe`),
    silentSignIn: config.silentSignIn,
    silentSignInRetryAfter: config.silentSignInRetryAfter,
    secure: isSecureApp(config),
    excludePaths,
    appOrigin: config.appUrl,
  });
}

/** `?signed_out=` on the app's home page after a sign-out that could not reach Logto (see {@link endLogtoSession}). */
export const SIGNED_OUT_LOGTO_UNREACHABLE = "logto_unreachable";

/**
 * The server side of single logout, once the app dropped its session: revokes the app's refresh token (Logto
 * keeps it alive through a logout otherwise) and returns Logto's end-session URL, where the browser goes next so
 * that Logto ends its session and signs every other app out by back-channel logout. When Logto cannot be reached,
 * the browser stays on the app (`/?signed_out=logto_unreachable`) rather than on a browser error page: this app
 * is signed out, the others could not be told.
 */
export async function endLogtoSession(
  config: LogtoConfig,
  tokens: { idToken?: string | undefined; refreshToken?: string | undefined },
): Promise<string> {
  const signedOutHere = `${config.appUrl}/?signed_out=${SIGNED_OUT_LOGTO_UNREACHABLE}`;
  // Asked afresh (sign-outs are rare): an answer cached from before Logto went down would send the browser there.
  if (!(await isIssuerReachable(config.issuer, { cacheFor: 0 }))) {
    console.warn("Signed out of this app only: Logto does not answer, so its session and the other apps' go on.");
    return signedOutHere;
  }
  try {
    const metadata = await discoverLogto(config.issuer);
    if (tokens.refreshToken) await revokeLogtoToken(metadata, config, tokens.refreshToken);
    return logtoEndSessionUrl(metadata, { clientId: config.clientId, idTokenHint: tokens.idToken, postLogoutRedirectUri: `${config.appUrl}/` });
  } catch (error) {
    console.warn(`Signed out of this app only: ${(error as Error).message}`);
    return signedOutHere;
  }
}

/** What a person reads for an OAuth error code the IdP sent back, or for an Auth.js error code. */
const signInErrorMessages: Record<string, string> = {
  // Auth.js reports every server-side failure as "Configuration", a refused ID token as much as a wrong secret.
  Configuration:
    "The sign-in could not be completed: the server refused the identity provider's answer or is not configured correctly. The server log has the details.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The sign-in was cancelled or the identity provider refused it.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
  access_denied: "The sign-in was cancelled or access was denied.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
  server_error: "The identity provider could not complete the sign-in. Please try again.",
  not_a_response: "This address is where Logto sends you back after signing in; opened on its own it does nothing. Start from the home page.",
};

/**
 * A sign-in error as a person can read it: an OAuth error code from the IdP (`access_denied`, ...) or an Auth.js
 * error code (`Configuration`, ...).
 */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return "Something went wrong while signing in. Please try again.";
  return signInErrorMessages[code] ?? `The identity provider answered "${code}".`;
}

/** Why a session this app held has ended, as the next page may tell the visitor. */
export type SessionEndedReason = "signed_out_elsewhere" | "revoked_in_logto";

const SESSION_ENDED_REASONS: readonly string[] = ["signed_out_elsewhere", "revoked_in_logto"];

/**
 * A short-lived cookie that tells the next page why the visitor is signed out: a back-channel logout (they signed
 * out in another app) or Logto refusing the session. It survives the silent probe's round trip and is cleared once
 * a page has shown it. It carries no secret: a forged one only changes a message its sender sees.
 */
export class SessionEndedNotice {
  readonly name: string;
  private readonly attributes: string;

  constructor(config: Pick<LogtoConfig, "appUrl">, appName: string) {
    this.name = appCookieName(config, `${appName}-session-ended`);
    this.attributes = appCookieAttributes(config);
  }

  /** The reason the request carries, if any. */
  read(request: Request): SessionEndedReason | null {
    return this.parse(readCookie(request.headers.get("cookie"), this.name));
  }

  /** A cookie value as a reason, or `null`. */
  parse(value: string | undefined): SessionEndedReason | null {
    return value && SESSION_ENDED_REASONS.includes(value) ? (value as SessionEndedReason) : null;
  }

  set(reason: SessionEndedReason): string {
    return `${this.name}=${reason}; Max-Age=120; ${this.attributes}`;
  }

  clear(): string {
    return `${this.name}=; Max-Age=0; ${this.attributes}`;
  }

  /** The reason for a session that `checkLogtoSession` ended: revoked by back-channel logout, or refused by Logto. */
  static reasonOf(endedReason: string): SessionEndedReason {
    return endedReason.startsWith("revoked by back-channel logout") ? "signed_out_elsewhere" : "revoked_in_logto";
  }
}
