/**
 * Logto's audit log of token exchanges, for tests: Logto records every token request as `ExchangeTokenBy.<grant>`
 * with a `Success` or `Error` result, readable through its Management API (`GET /api/logs`). This IdP keeps the
 * latest entries in memory only.
 */
import { randomUUID } from "node:crypto";
import type Provider from "oidc-provider";
import type { errors, KoaContextWithOIDC } from "oidc-provider";

/** One token request, shaped like a Logto log entry. */
export interface TokenExchangeLogEntry {
  id: string;
  /** `ExchangeTokenBy.AuthorizationCode`, `ExchangeTokenBy.RefreshToken`, … as in Logto. */
  key: string;
  payload: {
    key: string;
    result: "Success" | "Error";
    applicationId?: string | undefined;
    userId?: string | undefined;
    /**
     * The `sid` of the grant's ID tokens (each app of one Logto session has its own), which the apps show on
     * `/account`: not in Logto's entries, an addition of this IdP so that a test can pick one app session's exchanges.
     */
    sid?: string | undefined;
    error?: { error: string; error_description?: string | undefined } | undefined;
  };
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Filters of {@link TokenExchangeLog.find}, the query parameters of Logto's `GET /api/logs` that apply here. */
export interface LogQuery {
  logKey?: string | undefined;
  applicationId?: string | undefined;
  userId?: string | undefined;
}

const MAX_ENTRIES = 1_000;

const GRANT_KEYS: Record<string, string> = {
  authorization_code: "ExchangeTokenBy.AuthorizationCode",
  refresh_token: "ExchangeTokenBy.RefreshToken",
  client_credentials: "ExchangeTokenBy.ClientCredentials",
};

/** The last {@link MAX_ENTRIES} token exchanges of a provider. */
export class TokenExchangeLog {
  readonly #entries: TokenExchangeLogEntry[] = [];

  constructor(provider: Provider) {
    provider.on("grant.success", (ctx) => this.#record(ctx));
    provider.on("grant.error", (ctx, error) => this.#record(ctx, error));
  }

  /** Matching entries, newest first (as Logto lists them). */
  find(query: LogQuery = {}): TokenExchangeLogEntry[] {
    return this.#entries
      .filter(
        ({ key, payload }) =>
          (!query.logKey || key === query.logKey) &&
          (!query.applicationId || payload.applicationId === query.applicationId) &&
          (!query.userId || payload.userId === query.userId),
      )
      .reverse();
  }

  #record(ctx: KoaContextWithOIDC, error?: errors.OIDCProviderError): void {
    const grantType = String(ctx.oidc.params?.grant_type ?? "");
    const key = GRANT_KEYS[grantType] ?? `ExchangeTokenBy.${grantType || "Unknown"}`;
    const token = ctx.oidc.entities.RefreshToken ?? ctx.oidc.entities.AuthorizationCode;
    this.#entries.push({
      id: randomUUID(),
      key,
      payload: {
        key,
        result: error ? "Error" : "Success",
        applicationId: ctx.oidc.client?.clientId,
        userId: token?.accountId,
        sid: token?.sid,
        ...(error
          ? { error: { error: error.error, error_description: error.error_detail ?? error.error_description } }
          : {}),
      },
      createdAt: Date.now(),
    });
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
  }
}
