/** Options of {@link waitUntilAnswering}. */
export interface WaitOptions {
  /** How long to wait, in ms; `Infinity` waits until `signal` aborts. */
  timeoutMs: number;
  /**
   * The pause between two attempts, in ms.
   * @default 250
   */
  intervalMs?: number;
  /** Stops the wait, rejecting with the signal's reason: a caller aborts it when the server it waits for exits, say. */
  signal?: AbortSignal;
}

/**
 * Resolves once `url` answers a plain GET (any media type accepted, no redirect followed) with a status below 500;
 * rejects when it has not within `timeoutMs`, or when `signal` aborts. A request still pending at the deadline is
 * cancelled.
 *
 * @example
 * ```ts
 * await waitUntilAnswering("http://localhost:3001/oidc/.well-known/openid-configuration", { timeoutMs: 60_000 });
 * ```
 */
export declare function waitUntilAnswering(url: string, options: WaitOptions): Promise<void>;
