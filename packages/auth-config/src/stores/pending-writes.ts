import { nowSeconds } from "./revocation-store.js";

/** A revocation waiting to be written: `sid` (then `at` is 0) or `sub`. */
export interface PendingRevocation {
  kind: "sid" | "sub";
  id: string;
  at: number;
  expiresAt: number;
}

/**
 * What a shared store could not write while its backend was unreachable, kept to write once it is back: revocations
 * (merged per session or user, so the queue grows with distinct logouts, not with deliveries) and logout-token IDs.
 *
 * @internal
 */
export class PendingWrites {
  readonly #revocations = new Map<string, PendingRevocation>();
  readonly #jtis = new Map<string, number>();

  get size(): number {
    return this.#revocations.size + this.#jtis.size;
  }

  addRevocation(revocation: PendingRevocation): void {
    const key = `${revocation.kind}:${revocation.id}`;
    const current = this.#revocations.get(key);
    this.#revocations.set(key, {
      ...revocation,
      at: Math.max(revocation.at, current?.at ?? 0),
      expiresAt: Math.max(revocation.expiresAt, current?.expiresAt ?? 0),
    });
  }

  addJti(jti: string, expiresAt: number): void {
    this.#jtis.set(jti, Math.max(expiresAt, this.#jtis.get(jti) ?? 0));
  }

  /** Empties the queue, returning what has not expired meanwhile. */
  take(now = nowSeconds()): { revocations: PendingRevocation[]; jtis: [jti: string, expiresAt: number][] } {
    const revocations = [...this.#revocations.values()].filter((revocation) => revocation.expiresAt > now);
    const jtis = [...this.#jtis].filter(([, expiresAt]) => expiresAt > now);
    this.#revocations.clear();
    this.#jtis.clear();
    return { revocations, jtis };
  }
}

/**
 * The logout-token IDs this instance accepted, until they expire: replays are refused here even while the shared
 * record is out of reach.
 *
 * @internal
 */
export class SeenJtis {
  readonly #expiries = new Map<string, number>();

  /** Records `jti`. @returns `false` when it was already recorded and has not expired. */
  remember(jti: string, expiresAt: number, now = nowSeconds()): boolean {
    const known = this.#expiries.get(jti);
    if (known !== undefined && known > now) return false;
    this.#expiries.set(jti, expiresAt);
    if (this.#expiries.size % 1024 === 0) this.sweep(now);
    return true;
  }

  has(jti: string, now = nowSeconds()): boolean {
    const known = this.#expiries.get(jti);
    return known !== undefined && known > now;
  }

  sweep(now = nowSeconds()): void {
    for (const [jti, expiresAt] of this.#expiries) if (expiresAt <= now) this.#expiries.delete(jti);
  }
}
