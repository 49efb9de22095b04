import { createHash } from "node:crypto";
import type { Strategy } from "remix-auth/strategy";
import { OAuth2Strategy } from "remix-auth-oauth2";
import type { LogtoIssuerMetadata } from "../client/discovery.js";
import type { LogtoIdTokenClaims } from "../client/id-token.js";
import { LogtoClient } from "../client/logto-client.js";
import { DEFAULT_SCOPES, type LogtoConfig } from "../config/types.js";
import { type LogtoUser, mapLogtoProfile } from "../core/profile.js";
import { LogtoError } from "../errors.js";

type OAuth2Tokens = Awaited<ReturnType<OAuth2Strategy<unknown>["refreshToken"]>>;

/** Thrown when the authorization response or the ID token fails an OpenID Connect check. */
export class LogtoAuthenticationError extends LogtoError {
  override name = "LogtoAuthenticationError";
  constructor(message: string, options?: ErrorOptions) {
    super("sign_in.invalid_response", message, options);
  }
}

const verifiedClaims = new WeakMap<OAuth2Tokens, LogtoIdTokenClaims>();
const paramsByRequest = new WeakMap<Request, Record<string, string>>();

/**
 * A remix-auth strategy for Logto: remix-auth-oauth2's authorization-code flow with PKCE S256, plus what an
 * OpenID Connect client needs and remix-auth-oauth2 lacks — a `nonce`, the ID token verified against the
 * issuer's JWKS (signature, `iss`, `aud`, `exp`, `iat`, `nonce`) and the RFC 9207 `iss` of the authorization
 * response checked against the issuer.
 *
 * Create it with {@link LogtoStrategy.create}, which reads the issuer's discovery document.
 *
 * @example
 * ```ts
 * const strategy = await LogtoStrategy.create(
 *   { issuer, clientId, clientSecret, redirectURI: "https://app.example.com/auth/callback" },
 *   async ({ profile, tokens }) => ({ user: profile, idToken: tokens.idToken() }),
 * );
 * authenticator.use(strategy);
 * ```
 */
export class LogtoStrategy<User> extends OAuth2Strategy<User> {
  override name = "logto";
  private readonly logtoClient: LogtoClient;

  /**
   * Reads the issuer's discovery document (cached per issuer) and creates the strategy.
   *
   * @param options - The issuer, App ID and secret, redirect URI and optional parameters.
   * @param verify - Receives the verified ID-token claims and the mapped profile, returns your user.
   */
  static async create<User>(
    options: LogtoStrategy.Options,
    verify: Strategy.VerifyFunction<User, LogtoStrategy.VerifyOptions>,
  ): Promise<LogtoStrategy<User>> {
    const logtoClient = options.logtoClient ?? new LogtoClient(options);
    return new LogtoStrategy(await logtoClient.metadata(), { ...options, logtoClient }, verify);
  }

  constructor(
    protected readonly metadata: LogtoIssuerMetadata,
    protected readonly logtoOptions: LogtoStrategy.Options,
    verify: Strategy.VerifyFunction<User, LogtoStrategy.VerifyOptions>,
  ) {
    super(
      {
        clientId: logtoOptions.clientId,
        clientSecret: logtoOptions.clientSecret,
        redirectURI: logtoOptions.redirectURI,
        authorizationEndpoint: metadata.authorization_endpoint,
        tokenEndpoint: metadata.token_endpoint,
        ...(metadata.revocation_endpoint ? { tokenRevocationEndpoint: metadata.revocation_endpoint } : {}),
        scopes: [...(logtoOptions.scopes ?? DEFAULT_SCOPES)],
        cookie: logtoOptions.cookie ?? { name: "logto-oauth", path: "/", httpOnly: true, sameSite: "Lax" },
      },
      async ({ request, tokens }) => {
        const claims = verifiedClaims.get(tokens);
        if (!claims) throw new LogtoAuthenticationError("The ID token was not verified.");
        return verify({ request, tokens, claims, profile: mapLogtoProfile(claims) });
      },
    );
    this.logtoClient = logtoOptions.logtoClient ?? new LogtoClient(logtoOptions);
  }

  /**
   * Starts an authorization request with extra parameters for this request only, e.g. `{ prompt: "none" }`
   * for a silent sign-in, and returns the redirect to the issuer (with the state cookie set).
   *
   * @param request - A request without `state`: the callback is handled by `authenticate`.
   * @param params - Authorization parameters that override the strategy's, such as `prompt`.
   */
  async authorizationRedirect(request: Request, params: Record<string, string> = {}): Promise<Response> {
    const url = new URL(request.url);
    url.search = "";
    const start = new Request(url, { headers: request.headers });
    paramsByRequest.set(start, params);
    try {
      await super.authenticate(start);
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
    throw new LogtoAuthenticationError("The strategy did not redirect to the issuer.");
  }

  override async authenticate(request: Request): Promise<User> {
    const params = new URL(request.url).searchParams;
    if (params.has("state")) this.checkResponseIssuer(params.get("iss"));
    // remix-auth-oauth2 would start a new sign-in for a response without state; a forged one is refused instead.
    else if (params.has("code") || params.has("error")) {
      throw new LogtoAuthenticationError(
        "The authorization response has no `state`: it does not answer a request of this app.",
      );
    }
    return super.authenticate(request);
  }

  /** RFC 9207: a response from another authorization server (mix-up attack) must be refused. */
  private checkResponseIssuer(iss: string | null) {
    if (iss === null) {
      if (this.metadata.authorization_response_iss_parameter_supported) {
        throw new LogtoAuthenticationError(
          "The authorization response has no `iss` parameter, but the issuer sends one.",
        );
      }
      return;
    }
    if (iss !== this.metadata.issuer) {
      throw new LogtoAuthenticationError(
        `The authorization response comes from issuer ${JSON.stringify(iss)}, not ${JSON.stringify(this.metadata.issuer)}.`,
      );
    }
  }

  protected override createAuthorizationURL() {
    const authorization = super.createAuthorizationURL();
    authorization.url.searchParams.set("nonce", nonceFor(authorization.codeVerifier));
    return authorization;
  }

  protected override authorizationParams(params: URLSearchParams, request: Request): URLSearchParams {
    const result = super.authorizationParams(params, request);
    result.set("prompt", this.logtoOptions.prompt ?? "consent");
    if (this.logtoOptions.directSignIn) result.set("direct_sign_in", this.logtoOptions.directSignIn);
    const extra = { ...this.logtoOptions.authorizationParams, ...paramsByRequest.get(request) };
    for (const [name, value] of Object.entries(extra)) result.set(name, value);
    return result;
  }

  protected override async validateAuthorizationCode(code: string, codeVerifier: string): Promise<OAuth2Tokens> {
    const tokens = await super.validateAuthorizationCode(code, codeVerifier);
    if (!("id_token" in tokens.data) || typeof tokens.data.id_token !== "string") {
      throw new LogtoAuthenticationError("The token response has no ID token; is `openid` among the scopes?");
    }
    const claims = await this.logtoClient
      .verifyIdToken(tokens.data.id_token, { nonce: nonceFor(codeVerifier) })
      .catch((cause: Error) => {
        throw new LogtoAuthenticationError(`The ID token is not valid: ${cause.message}`, { cause });
      });
    verifiedClaims.set(tokens, claims);
    return tokens;
  }
}

/**
 * The nonce is derived from the PKCE verifier, which only the browser's state cookie holds, so it binds
 * the ID token to this browser without a second cookie; the hash keeps the verifier secret.
 */
function nonceFor(codeVerifier: string): string {
  return createHash("sha256").update(`nonce:${codeVerifier}`).digest("base64url");
}

export declare namespace LogtoStrategy {
  /** Options of {@link LogtoStrategy}. */
  interface Options extends Pick<LogtoConfig, "issuer" | "clientId" | "clientSecret"> {
    /** This app's callback URL, registered as a redirect URI in Logto Console. */
    redirectURI: string;
    /** @default ["openid", "offline_access", "profile", "email", "identities"] */
    scopes?: readonly string[];
    /** Logto's `direct_sign_in`, e.g. `"social:huggingface"`. @default undefined */
    directSignIn?: string | undefined;
    /** `prompt` of the authorization request; Logto issues a refresh token only with `consent`. @default "consent" */
    prompt?: string;
    /** The app's client of Logto, whose discovery and keys the strategy shares. @default a client of its own */
    logtoClient?: LogtoClient;
    /** More authorization parameters, e.g. `{ ui_locales: "fr" }`. */
    authorizationParams?: Record<string, string>;
    /** The cookie that keeps state and PKCE verifier during the redirect. @default { name: "logto-oauth", path: "/", httpOnly: true, sameSite: "Lax" } */
    cookie?: OAuth2Strategy.ConstructorOptions["cookie"];
  }

  /** What the verify function receives. */
  interface VerifyOptions extends OAuth2Strategy.VerifyOptions {
    /** The verified claims of the ID token. */
    claims: LogtoIdTokenClaims;
    /** The user mapped from the claims by `mapLogtoProfile`. */
    profile: LogtoUser;
  }
}
