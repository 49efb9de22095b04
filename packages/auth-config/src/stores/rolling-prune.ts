/** Entries looked at per new entry: memory stays within about 4/3 of the unexpired entries at a steady rate. */
const STEPS_PER_ADDITION = 4;

/**
 * Pruning spread over additions: each call looks at the next few entries of `map` (a cursor that wraps around)
 * and drops the expired ones, so no call ever walks the whole map and an entry nobody asks about again is still
 * dropped within one pass. A pass over N entries takes N / 4 additions, during which at most N / 4 more entries can
 * expire: the map stays within about 4/3 of what is unexpired.
 *
 * @internal
 */
export class RollingPrune<V> {
  #cursor: MapIterator<[string, V]> | undefined;

  constructor(
    private readonly map: Map<string, V>,
    private readonly expiresAt: (value: V) => number,
  ) {}

  /** Looks at the next few entries, dropping those expired at `now` (seconds). */
  step(now: number, steps = STEPS_PER_ADDITION): void {
    for (let step = 0; step < steps; step++) {
      this.#cursor ??= this.map.entries();
      const next = this.#cursor.next();
      if (next.done) {
        this.#cursor = undefined;
        continue;
      }
      const [key, value] = next.value;
      if (this.expiresAt(value) <= now) this.map.delete(key);
    }
  }
}
