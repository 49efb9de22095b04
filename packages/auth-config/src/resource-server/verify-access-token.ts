import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { fetchDiscoveryDocument, type LogtoIssuerMetadata, REQUEST_TIMEOUT_MS } from "../client/discovery.js";
import { LogtoError, type LogtoErrorCode } from "../errors.js";

/** Options of {@link createResourceServer}. */
export interface ResourceServerOptions {
  /** Logto's issuer, e.g. `https://your-tenant.logto.app/oidc` (the apps' `AUTH_LOGTO_ISSUER`). */
  issuer: string;
  /** This API's identifier in Logto Console → API resources: the `aud` its tokens must carry. */
  resource: string;
  /** Allowed clock skew in seconds for `exp`, `iat` and `nbf`. @default 30 */
  clockTolerance?: number;
}

/** A verified access token: who calls, through which app, with which scopes. */
export interface VerifiedAccessToken {
  /** The Logto user ID (`sub`), or the App ID for a machine-to-machine token. */
  subject: string;
  /** The App ID of the application that asked for the token (`client_id`). */
  clientId: string;
  /** The scopes Logto granted (`scope`), split. */
  scopes: string[];
  /** Epoch seconds (`exp`). */
  expiresAt: number;
  /** Every claim of the token. */
  claims: JWTPayload;
}

/** Signature algorithms of Logto's signing keys: asymmetric only (`none` and HMAC are refused). */
const ALGORITHMS = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"];

/**
 * Why a request's access token was refused, with what RFC 6750 answers: 401 without an error code for a request
 * without a token, 401 `invalid_token`, 403 `insufficient_scope`; 503 when Logto's keys could not be fetched (the
 * token is then neither accepted nor called invalid). {@link accessTokenErrorResponse} makes the response.
 */
export class AccessTokenError extends LogtoError {
  override name = "AccessTokenError";
  constructor(
    code: Extract<LogtoErrorCode, `access_token.${string}`>,
    message: string,
    /** The HTTP status to answer with. */
    readonly status: 401 | 403 | 503,
    /** For `insufficient_scope`: the scopes the request needed. */
    readonly requiredScopes: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * One API protected by Logto: verifies the access tokens sent to it (RFC 6750 bearer tokens, RFC 9068 JWTs) against
 * Logto's keys, fetched once (and again when a token names a key it does not know, as after a key rotation).
 *
 * @example
 * ```ts
 * const notesApi = createResourceServer({ issuer: process.env.AUTH_LOGTO_ISSUER!, resource: "https://api.example.com" });
 *
 * export async function GET(request: Request) {
 *   try {
 *     const { subject } = await notesApi.verifyAccessToken(request, { scopes: ["read:notes"] });
 *     return Response.json(await notesOf(subject));
 *   } catch (error) {
 *     return accessTokenErrorResponse(error);
 *   }
 * }
 * ```
 */
export class ResourceServer {
  readonly issuer: string;
  readonly resource: string;
  readonly #clockTolerance: number;
  #metadata: Promise<LogtoIssuerMetadata> | undefined;
  #keys: JWTVerifyGetKey | undefined;

  constructor(options: ResourceServerOptions) {
    this.issuer = options.issuer.replace(/\/+$/, "");
    this.resource = options.resource;
    this.#clockTolerance = options.clockTolerance ?? 30;
  }

  /**
   * Verifies the request's bearer token: signature with one of Logto's keys and an asymmetric algorithm, `typ`
   * `at+jwt`, `iss` (Logto's issuer), `aud` (this resource), `exp`, and that its `scope` holds every scope of
   * `scopes`.
   *
   * @returns who calls and with which scopes.
   * @throws {AccessTokenError} `access_token.missing` (no bearer token), `access_token.invalid` (forged, expired, for
   *   another resource or issuer), `access_token.insufficient_scope`, or `access_token.unverifiable` (Logto's keys
   *   could not be fetched).
   * @see https://datatracker.ietf.org/doc/html/rfc6750
   * @see https://datatracker.ietf.org/doc/html/rfc9068#section-4
   */
  async verifyAccessToken(
    request: Request,
    options: { scopes?: readonly string[] } = {},
  ): Promise<VerifiedAccessToken> {
    const token = bearerToken(request);
    const keys = await this.#signingKeys();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer: this.issuer,
        audience: this.resource,
        typ: "at+jwt",
        algorithms: ALGORITHMS,
        requiredClaims: ["sub", "exp", "iat", "client_id"],
        clockTolerance: this.#clockTolerance,
      }));
    } catch (cause) {
      if (
        cause instanceof errors.JWKSTimeout ||
        cause instanceof errors.JWKSInvalid ||
        !(cause instanceof errors.JOSEError)
      ) {
        throw new AccessTokenError("access_token.unverifiable", "Logto's signing keys could not be fetched.", 503, [], {
          cause,
        });
      }
      throw new AccessTokenError("access_token.invalid", `The access token is not valid: ${cause.message}`, 401, [], {
        cause,
      });
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [];
    const required = options.scopes ?? [];
    const missing = required.filter((scope) => !scopes.includes(scope));
    if (missing.length > 0) {
      throw new AccessTokenError(
        "access_token.insufficient_scope",
        `The access token lacks the scope ${missing.join(" ")}: the user's roles in Logto do not grant it.`,
        403,
        required,
      );
    }
    return {
      subject: claims.sub as string,
      clientId: String(claims.client_id),
      scopes,
      expiresAt: claims.exp as number,
      claims,
    };
  }

  /** Logto's keys: discovery once, then jose's key set, which refetches on an unknown `kid` (at most every 30 s). */
  async #signingKeys(): Promise<JWTVerifyGetKey> {
    if (this.#keys) return this.#keys;
    this.#metadata ??= fetchDiscoveryDocument(this.issuer);
    try {
      const metadata = await this.#metadata;
      this.#keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: REQUEST_TIMEOUT_MS });
      return this.#keys;
    } catch (cause) {
      this.#metadata = undefined;
      throw new AccessTokenError(
        "access_token.unverifiable",
        "Logto's discovery document could not be fetched.",
        503,
        [],
        {
          cause,
        },
      );
    }
  }
}

/**
 * The checks of one API protected by Logto, created once per process.
 *
 * @example
 * ```ts
 * const notesApi = createResourceServer({ issuer, resource: "https://api.example.com" });
 * const { subject, scopes } = await notesApi.verifyAccessToken(request, { scopes: ["read:notes"] });
 * ```
 */
export function createResourceServer(options: ResourceServerOptions): ResourceServer {
  return new ResourceServer(options);
}

/** The token of `Authorization: Bearer <token>` (RFC 6750 §2.1), or a missing-token error. */
function bearerToken(request: Request): string {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  if (!match?.[1]) {
    throw new AccessTokenError("access_token.missing", "The request has no bearer access token.", 401);
  }
  return match[1];
}

/**
 * The answer RFC 6750 §3 gives to a refused access token: its status, `WWW-Authenticate: Bearer` with the `error`
 * (none for a request without a token), a JSON body with `error` and `error_description`, never the token itself.
 *
 * @param error - What {@link ResourceServer.verifyAccessToken} threw.
 * @param realm - Named in `WWW-Authenticate`, e.g. the API's identifier.
 * @throws the `error` itself when it is not an {@link AccessTokenError}: a bug is not a 401.
 */
export function accessTokenErrorResponse(error: unknown, realm?: string): Response {
  if (!(error instanceof AccessTokenError)) throw error;
  const oauthError = {
    "access_token.missing": undefined,
    "access_token.invalid": "invalid_token",
    "access_token.insufficient_scope": "insufficient_scope",
    "access_token.unverifiable": undefined,
  }[error.code as `access_token.${"missing" | "invalid" | "insufficient_scope" | "unverifiable"}`];
  const headers = new Headers({ "cache-control": "no-store" });
  if (error.status === 503) {
    headers.set("retry-after", "10");
  } else {
    const params = [
      ...(realm ? [`realm="${quoted(realm)}"`] : []),
      ...(oauthError ? [`error="${oauthError}"`, `error_description="${quoted(error.message)}"`] : []),
      ...(error.requiredScopes.length > 0 ? [`scope="${quoted(error.requiredScopes.join(" "))}"`] : []),
    ];
    headers.set("www-authenticate", params.length > 0 ? `Bearer ${params.join(", ")}` : "Bearer");
  }
  const body = {
    error: oauthError ?? (error.status === 503 ? "temporarily_unavailable" : "unauthorized"),
    error_description: error.message,
  };
  return Response.json(body, { status: error.status, headers });
}

/** A quoted-string of RFC 7230 holding only what RFC 6750 allows in its values. */
function quoted(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, " ");
}
