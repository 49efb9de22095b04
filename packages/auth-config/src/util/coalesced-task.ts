/**
 * A background task that never runs twice at once: asked again while it runs, it runs once more afterwards, however
 * many times it was asked, so that the latest change is always picked up. `task` handles its own errors.
 *
 * @internal
 */
export class CoalescedTask {
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly stopped: () => boolean,
  ) {}

  run(): void {
    if (this.stopped()) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.task();
      } while (this.#again && !this.stopped());
    })().finally(() => {
      this.#running = undefined;
    });
  }

  /** Resolves once no run is in flight. */
  get settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }
}
