import { createHash } from "node:crypto";
import type { LogtoClient } from "../client/logto-client.js";
import { type ThirdPartyToken, ThirdPartyTokenError } from "../client/third-party-token.js";
import type { LogtoSessionData } from "./session-data.js";

/** The target of Logto's Hugging Face connector (and of an OAuth 2.0 connector set up for Hugging Face). */
export const HUGGING_FACE_TARGET = "huggingface";

/** Options of {@link ThirdPartyTokens}. */
export interface ThirdPartyTokensOptions {
  /** How many tokens are kept at most; the least recently used goes first. @default 1000 */
  maxEntries?: number;
  /** A token is not reused in its last `renewalMargin` seconds. @default 60 */
  renewalMargin?: number;
  /** How long a token Logto gave no lifetime for is reused, in seconds. @default 300 */
  unknownLifetime?: number;
}

interface Entry {
  token: ThirdPartyToken;
  /** Epoch milliseconds. */
  until: number;
}

/**
 * The tokens Logto stores for users' social identities, fetched from Logto's Account API with each session's access
 * token and kept in this process until they are about to expire. An entry is keyed by a hash of the session's Logto
 * access token and the target: a new session, or a session whose Logto token was renewed, never reuses another's
 * entry, and an ended session's entry is never asked for again (it ages out). Concurrent asks for one entry share one
 * request; failures are not kept.
 *
 * @example
 * ```ts
 * const tokens = new ThirdPartyTokens(app.client);
 * const hf = await tokens.get(session, "huggingface");
 * ```
 */
export class ThirdPartyTokens {
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<ThirdPartyToken>>();
  readonly #maxEntries: number;
  readonly #renewalMargin: number;
  readonly #unknownLifetime: number;

  constructor(
    private readonly client: LogtoClient,
    options: ThirdPartyTokensOptions = {},
  ) {
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#renewalMargin = options.renewalMargin ?? 60;
    this.#unknownLifetime = options.unknownLifetime ?? 300;
  }

  /**
   * The token Logto stores for the session's user and `target`, from this process's memory while it is fresh.
   *
   * @param session - The signed-in session (`null` when signed out), from the framework's `getSession`.
   * @param target - The social connector's target, e.g. `huggingface`.
   * @throws {ThirdPartyTokenError} `third_party_token.session_ended` without a session, or Logto's reason.
   */
  async get(session: Pick<LogtoSessionData, "accessToken"> | null, target: string): Promise<ThirdPartyToken> {
    if (!session) {
      throw new ThirdPartyTokenError(
        "third_party_token.session_ended",
        "There is no signed-in session on this request: sign in first.",
        target,
        { status: 0 },
      );
    }
    const key = createHash("sha256").update(`${target}\n${session.accessToken}`).digest("base64url");
    const entry = this.#entries.get(key);
    if (entry && entry.until > Date.now()) {
      // Least recently used last: the Map's order is its eviction order.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.token;
    }
    if (entry) this.#entries.delete(key);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const request = this.client
      .thirdPartyToken(session.accessToken, target)
      .then((token) => {
        this.#keep(key, token);
        return token;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, request);
    return request;
  }

  /** How many tokens are kept (for tests and monitoring). */
  get size(): number {
    return this.#entries.size;
  }

  #keep(key: string, token: ThirdPartyToken): void {
    const until =
      token.expiresAt !== undefined
        ? (token.expiresAt - this.#renewalMargin) * 1000
        : Date.now() + this.#unknownLifetime * 1000;
    if (until <= Date.now()) return;
    this.#entries.set(key, { token, until });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
