import { LogtoError } from "../errors.js";
import { within } from "../util/within.js";
import { type PendingRevocation, PendingWrites } from "./pending-writes.js";
import type { RevocationKeys } from "./redis-protocol.js";
import { type JournalEntry, RevocationJournal } from "./revocation-journal.js";

/**
 * The Redis store's queue of what Redis did not take, kept in memory and in a local journal: a logout is queued only
 * once it is on disk, so the back-channel endpoint's 200 survives a restart of the instance before Redis is back.
 *
 * @internal
 */
export class JournaledWrites {
  readonly #pending = new PendingWrites();
  readonly #journal: RevocationJournal;

  constructor(
    journalPath: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#journal = new RevocationJournal(journalPath);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Queues what the journal holds from earlier runs (or other processes on this host), and returns it. */
  async restore(): Promise<JournalEntry[]> {
    let entries: JournalEntry[] = [];
    try {
      entries = await this.#journal.read();
    } catch (error) {
      this.onError(error);
    }
    for (const entry of entries) this.#queue(entry);
    return entries;
  }

  /**
   * Queues a write and puts it in the journal.
   * @throws {LogtoError} `store.not_durable` when the journal cannot be written: the write stays queued in memory.
   */
  async add(entry: JournalEntry): Promise<void> {
    this.#queue(entry);
    try {
      await this.#journal.append([entry]);
    } catch (error) {
      throw new LogtoError(
        "store.not_durable",
        `Redis did not take the logout, and it could not be kept in ${this.#journal.path} either ` +
          `(${(error as Error).message}): it would be lost if this process stopped before Redis is back.`,
        { cause: error },
      );
    }
  }

  /** Writes the queue to Redis, then removes what Redis took from the journal; what fails stays queued. */
  async writeTo(keys: RevocationKeys, timeoutMs: number): Promise<void> {
    const { revocations, jtis } = this.#pending.take();
    const written: JournalEntry[] = [];
    for (const [jti, expiresAt] of jtis) {
      await within(timeoutMs, keys.setJti(jti, expiresAt), "Redis SET jti").then(
        () => written.push({ kind: "jti", id: jti, expiresAt }),
        () => this.#pending.addJti(jti, expiresAt),
      );
    }
    for (const revocation of revocations) {
      await within(timeoutMs, keys.revoke(revocation), "Redis revocation").then(
        () => written.push(revocation),
        () => this.#pending.addRevocation(revocation),
      );
    }
    if (written.length > 0) await this.#journal.forget(written).catch(this.onError);
  }

  #queue(entry: JournalEntry): void {
    if (entry.kind === "jti") this.#pending.addJti(entry.id, entry.expiresAt);
    else this.#pending.addRevocation(entry as PendingRevocation);
  }
}
