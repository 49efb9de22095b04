import { LogtoClient } from "../client/logto-client.js";
import type { ThirdPartyToken } from "../client/third-party-token.js";
import type { LogtoConfig } from "../config/types.js";
import { openRevocationStore } from "../stores/open-store.js";
import type { RevocationStore } from "../stores/revocation-store.js";
import { checkAppName, claimAppName } from "./app-name.js";
import { AppCookies } from "./cookies.js";
import { EndedSessions } from "./ended-sessions.js";
import { mapLogtoProfile } from "./profile.js";
import { accessTokenNeedsRenewal, checkLogtoSession, nextSessionCheckAt } from "./session-check.js";
import { type LogtoSession, type LogtoSessionData, sessionOrigin } from "./session-data.js";
import { SessionEndedNotice, type SessionEndedReason } from "./session-ended.js";
import { endLogtoSession } from "./sign-out.js";
import { type ProbeState, SsoProbe } from "./sso-probe.js";
import { ThirdPartyTokens } from "./third-party-tokens.js";

/** Options of {@link createLogtoApp}. */
export interface LogtoAppOptions {
  /**
   * A short name for this app (lowercase letters, digits and `-`), unique among the apps on one host (cookies are
   * shared across ports on localhost): it names the app's cookies and prefixes its keys in Redis. In development, an
   * app on a loopback `AUTH_URL` stops when another running app already has its name on that host.
   */
  name: string;
  /** Path prefixes that never start a silent sign-in: the framework's assets and the auth routes. */
  probeExcludedPaths: readonly string[];
}

/** What a completed sign-in (interactive or silent) gives the app, before it becomes a session. */
export interface SignInResult {
  /** The verified ID token's claims. */
  claims: Record<string, unknown>;
  idToken: string;
  accessToken: string;
  refreshToken?: string | undefined;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** The probe this browser had in flight, if any: a pending one makes the session a silent sign-in. */
  probe: ProbeState | null;
}

/** What became of a session at {@link LogtoApp.checkSession}. */
export type SessionUpdate =
  /** Nothing changed. */
  | { status: "valid"; session: LogtoSessionData }
  /** Logto vouched for it again: write `session` (its new `checkedAt`). */
  | { status: "checked"; session: LogtoSessionData }
  /** New tokens: write `session`, and let the page's other reads see them. */
  | { status: "refreshed"; session: LogtoSessionData }
  /** No refresh token and the access token expired: sign in again silently. */
  | { status: "reauthenticate"; session: LogtoSessionData }
  /** Over: drop the session and tell the next page why. */
  | { status: "ended"; reason: SessionEndedReason };

/**
 * One app's side of the SSO, whatever its framework: the Logto client, the silent sign-in probe, the revocation
 * store, the cookie names, and the session lifecycle (built from a sign-in, checked on requests, ended at sign-out).
 * The framework integrations build one and translate its answers into their requests, cookies and responses.
 */
export class LogtoApp {
  readonly client: LogtoClient;
  readonly cookies: AppCookies;
  readonly probe: SsoProbe;
  readonly notice: SessionEndedNotice;
  readonly #ended = new EndedSessions();
  /** The tokens Logto stores for users' social identities, per session (see {@link LogtoApp.thirdPartyToken}). */
  readonly thirdPartyTokens: ThirdPartyTokens;

  constructor(
    readonly config: LogtoConfig,
    readonly options: LogtoAppOptions,
  ) {
    this.client = new LogtoClient({
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      // A wrong issuer stops the app with one message naming AUTH_LOGTO_ISSUER, instead of failing every page.
      onConfigurationError(error) {
        console.error(error.message);
        process.exit(1);
      },
    });
    checkAppName(options.name);
    this.cookies = new AppCookies(config, options.name);
    if (config.development) {
      claimAppName(this.cookies.secure ? `__Host-${options.name}` : options.name, config.appUrl);
    }
    this.probe = new SsoProbe({
      secret: config.authSecret,
      cookieName: this.cookies.name("sso-probe"),
      silentSignIn: config.silentSignIn,
      silentSignInRetryAfter: config.silentSignInRetryAfter,
      secure: this.cookies.secure,
      excludePaths: options.probeExcludedPaths,
      appOrigin: config.appUrl,
    });
    this.notice = new SessionEndedNotice(this.cookies);
    this.thirdPartyTokens = new ThirdPartyTokens(this.client);
    // Checked now, at start; a Logto that does not answer yet is checked again by the first request that reaches it.
    this.client.metadata().catch(() => undefined);
  }

  get name(): string {
    return this.options.name;
  }

  /** The app's revocation store (Redis with `redisUrl`, else the file), opened once per process. */
  revocations(): Promise<RevocationStore> {
    const { redisUrl, revocationFile } = this.config;
    return openRevocationStore({ redisUrl, file: revocationFile, keyPrefix: `${this.name}:` });
  }

  /**
   * The session a completed sign-in makes. The user comes from the ID token's claims, completed with the `identities`
   * claim of one userinfo request when the app asked for that scope: Logto keeps Hugging Face's username there.
   */
  async newSession(signIn: SignInResult): Promise<LogtoSessionData> {
    const now = Math.floor(Date.now() / 1000);
    const { claims, idToken, accessToken, refreshToken, accessTokenExpiresAt } = signIn;
    let profile = claims;
    if (this.config.scopes.includes("identities")) {
      const userinfo = await this.client.userinfo(accessToken);
      const identities = userinfo.ok && userinfo.claims.sub === claims.sub ? userinfo.claims.identities : undefined;
      if (identities !== undefined) profile = { ...claims, identities };
    }
    return {
      user: mapLogtoProfile(profile),
      ...(typeof claims.sid === "string" ? { sid: claims.sid } : {}),
      origin: sessionOrigin(signIn.probe),
      createdAt: now,
      checkedAt: now,
      idToken,
      accessToken,
      ...(refreshToken ? { refreshToken } : {}),
      accessTokenExpiresAt,
    };
  }

  /**
   * The per-request check (see `checkLogtoSession`): revoked by back-channel logout, due for renewal, or due for a
   * check with Logto. No I/O unless a refresh or a check is due.
   */
  async checkSession(session: LogtoSessionData): Promise<SessionUpdate> {
    const check = await checkLogtoSession(
      { ...session, sub: session.user.id },
      { client: this.client, revocations: await this.revocations(), checkInterval: this.config.sessionCheckInterval },
    );
    switch (check.status) {
      case "valid":
        return { status: "valid", session };
      case "checked":
        return { status: "checked", session: { ...session, checkedAt: check.checkedAt } };
      case "refreshed":
        return { status: "refreshed", session: { ...session, ...check.tokens, checkedAt: check.checkedAt } };
      case "reauthenticate":
        return { status: "reauthenticate", session };
      case "ended":
        if (this.#ended.first(session)) console.warn(`Session of ${session.user.id} ended: ${check.detail}`);
        return { status: "ended", reason: check.reason };
    }
  }

  /** Whether back-channel logout revoked the session: answered from memory. */
  async isRevoked(session: Pick<LogtoSessionData, "user" | "sid" | "createdAt">): Promise<boolean> {
    return (await this.revocations()).isRevoked({
      sid: session.sid,
      sub: session.user.id,
      createdAt: session.createdAt,
    });
  }

  /** When the session is due for its next check with Logto, epoch seconds. */
  nextCheckAt(session: Pick<LogtoSessionData, "createdAt" | "checkedAt">): number {
    return nextSessionCheckAt(session, this.config.sessionCheckInterval);
  }

  /** The session as the app's pages read it. */
  view(session: LogtoSessionData): LogtoSession {
    const expired = !session.refreshToken && accessTokenNeedsRenewal(session.accessTokenExpiresAt);
    return { ...session, needsReauthentication: expired };
  }

  /**
   * The token Logto stores for the session's user and `target` (e.g. `huggingface`), kept per session until it is
   * about to expire; server code only. What the adapters' `getHuggingFaceToken` calls.
   *
   * @throws {ThirdPartyTokenError} `third_party_token.session_ended` without a session, or Logto's reason.
   */
  thirdPartyToken(session: LogtoSessionData | null, target: string): Promise<ThirdPartyToken> {
    return this.thirdPartyTokens.get(session, target);
  }

  /**
   * Revokes the refresh token and gives where the browser goes next: the URL that ends Logto's session (see
   * `endLogtoSession`), and the cookie that lets the page it comes back to say that every app was signed out.
   */
  async signOut(tokens: {
    idToken?: string | undefined;
    refreshToken?: string | undefined;
  }): Promise<{ location: string; setCookie: string }> {
    const pending = this.notice.pendingSignOut();
    const location = await endLogtoSession(this.client, this.config.appUrl, tokens, pending.state);
    return { location, setCookie: pending.setCookie };
  }
}

/**
 * The framework-neutral core of one app: what `LogtoNextAuth` and `LogtoRemixAuth` are built on, and what an
 * integration for another framework would build on.
 *
 * @example
 * ```ts
 * const app = createLogtoApp(loadLogtoConfig(process.env), { name: "admin", probeExcludedPaths: ["/api/"] });
 * const update = await app.checkSession(session);
 * ```
 */
export function createLogtoApp(config: LogtoConfig, options: LogtoAppOptions): LogtoApp {
  return new LogtoApp(config, options);
}
