/**
 * A JSON-file backed key/value store (in memory, persisted with debounced atomic writes) and the
 * oidc-provider Adapter built on top of it.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Adapter, AdapterPayload } from "oidc-provider";

import type { Logger } from "./types.js";

interface Entry {
  value: unknown;
  /** epoch milliseconds; absent = never expires */
  expiresAt?: number;
}

interface FileShape {
  version: 1;
  namespaces: Record<string, Record<string, Entry>>;
}

const WRITE_DEBOUNCE_MS = 100;
const SWEEP_INTERVAL_MS = 60_000;

export class JsonStore {
  readonly #file: string;
  readonly #logger: Logger;
  readonly #namespaces = new Map<string, Map<string, Entry>>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;
  readonly #sweeper: NodeJS.Timeout;

  private constructor(file: string, logger: Logger) {
    this.#file = file;
    this.#logger = logger;
    this.#sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#sweeper.unref();
  }

  static async open(file: string, logger: Logger): Promise<JsonStore> {
    const store = new JsonStore(file, logger);
    await mkdir(path.dirname(file), { recursive: true });
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Partial<FileShape>;
        const now = Date.now();
        for (const [ns, entries] of Object.entries(parsed.namespaces ?? {})) {
          const map = store.#ns(ns);
          for (const [key, entry] of Object.entries(entries)) {
            if (entry.expiresAt !== undefined && entry.expiresAt <= now) continue;
            map.set(key, entry);
          }
        }
      } catch (error) {
        // A corrupt file must not prevent the IdP from starting; keep a copy for inspection.
        const backup = `${file}.corrupt-${Date.now()}`;
        logger.warn(`[idp] could not parse ${file} (${(error as Error).message}); moved it to ${backup}`);
        await rename(file, backup).catch(() => undefined);
      }
    }
    return store;
  }

  #ns(ns: string): Map<string, Entry> {
    let map = this.#namespaces.get(ns);
    if (!map) {
      map = new Map();
      this.#namespaces.set(ns, map);
    }
    return map;
  }

  get<T>(ns: string, key: string): T | undefined {
    const map = this.#namespaces.get(ns);
    const entry = map?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      map?.delete(key);
      this.#scheduleWrite();
      return undefined;
    }
    return structuredClone(entry.value) as T;
  }

  /** `expiresIn` in seconds. */
  set(ns: string, key: string, value: unknown, expiresIn?: number): void {
    const entry: Entry = { value: structuredClone(value) };
    if (typeof expiresIn === "number" && Number.isFinite(expiresIn)) entry.expiresAt = Date.now() + expiresIn * 1000;
    this.#ns(ns).set(key, entry);
    this.#scheduleWrite();
  }

  /** Applies `fn` to the stored value in place, keeping its expiry. Returns false when absent. */
  update(ns: string, key: string, fn: (value: Record<string, unknown>) => void): boolean {
    const entry = this.#namespaces.get(ns)?.get(key);
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return false;
    fn(entry.value as Record<string, unknown>);
    this.#scheduleWrite();
    return true;
  }

  delete(ns: string, key: string): void {
    if (this.#namespaces.get(ns)?.delete(key)) this.#scheduleWrite();
  }

  *entries<T>(ns: string): IterableIterator<[string, T]> {
    const now = Date.now();
    for (const [key, entry] of this.#namespaces.get(ns) ?? []) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) continue;
      yield [key, structuredClone(entry.value) as T];
    }
  }

  sweep(): void {
    const now = Date.now();
    let removed = false;
    for (const map of this.#namespaces.values()) {
      for (const [key, entry] of map) {
        if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
          map.delete(key);
          removed = true;
        }
      }
    }
    if (removed) this.#scheduleWrite();
  }

  #scheduleWrite(): void {
    this.#dirty = true;
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush().catch((error: unknown) => {
        this.#logger.error(`[idp] failed to persist ${this.#file}: ${(error as Error).message}`);
      });
    }, WRITE_DEBOUNCE_MS);
  }

  /** Writes pending changes now (waits for an in-flight write first). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#writing) await this.#writing;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#writing = this.#write().finally(() => {
      this.#writing = undefined;
    });
    await this.#writing;
  }

  async #write(): Promise<void> {
    const shape: FileShape = { version: 1, namespaces: {} };
    const now = Date.now();
    for (const [ns, map] of this.#namespaces) {
      const live: Record<string, Entry> = {};
      for (const [key, entry] of map) if (entry.expiresAt === undefined || entry.expiresAt > now) live[key] = entry;
      shape.namespaces[ns] = live;
    }
    const tmp = `${this.#file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(shape), { mode: 0o600 });
      await rename(tmp, this.#file);
    } catch (error) {
      this.#dirty = true;
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.flush();
    this.#closed = true;
  }
}

const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PreAuthorizedCode",
]);

const OIDC_NS = "oidc";

/**
 * Deletes every session, grant, token and code of a user, as Logto does when a user is suspended or deleted: no
 * back-channel logout is sent. Returns how many records went.
 */
export function revokeAccountAccess(store: JsonStore, accountId: string): number {
  let revoked = 0;
  for (const [key, payload] of [...store.entries<AdapterPayload>(OIDC_NS)]) {
    if (payload.accountId !== accountId) continue;
    store.delete(OIDC_NS, key);
    revoked++;
  }
  return revoked;
}

/** The payloads of a user's live IdP sessions (oidc-provider's `Session` model), oldest sign-in first. */
export function accountSessions(store: JsonStore, accountId: string): AdapterPayload[] {
  const sessions: AdapterPayload[] = [];
  for (const [key, payload] of store.entries<AdapterPayload>(OIDC_NS)) {
    if (key.startsWith("Session:") && payload.accountId === accountId) sessions.push(payload);
  }
  return sessions.sort((a, b) => (a.loginTs ?? 0) - (b.loginTs ?? 0));
}

/**
 * Builds an oidc-provider adapter factory over a JsonStore. Secondary indexes (session uid, user
 * code, grant membership) are kept in memory and rebuilt from the store on start.
 */
export function createAdapterFactory(store: JsonStore): (model: string) => Adapter {
  const sessionByUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const grantMembers = new Map<string, Set<string>>();

  const key = (model: string, id: string) => `${model}:${id}`;

  function index(model: string, id: string, payload: AdapterPayload) {
    if (model === "Session" && payload.uid) sessionByUid.set(payload.uid, id);
    if (payload.userCode) byUserCode.set(payload.userCode, id);
    if (GRANTABLE.has(model) && payload.grantId) {
      let set = grantMembers.get(payload.grantId);
      if (!set) {
        set = new Set();
        grantMembers.set(payload.grantId, set);
      }
      set.add(key(model, id));
    }
  }

  function unindex(model: string, id: string, payload: AdapterPayload) {
    if (model === "Session" && payload.uid && sessionByUid.get(payload.uid) === id) sessionByUid.delete(payload.uid);
    if (payload.userCode && byUserCode.get(payload.userCode) === id) byUserCode.delete(payload.userCode);
    if (payload.grantId) {
      const set = grantMembers.get(payload.grantId);
      set?.delete(key(model, id));
      if (set?.size === 0) grantMembers.delete(payload.grantId);
    }
  }

  for (const [k, payload] of store.entries<AdapterPayload>(OIDC_NS)) {
    const i = k.indexOf(":");
    index(k.slice(0, i), k.slice(i + 1), payload);
  }

  return (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const previous = store.get<AdapterPayload>(OIDC_NS, key(model, id));
      if (previous) unindex(model, id, previous);
      store.set(OIDC_NS, key(model, id), payload, expiresIn);
      index(model, id, payload);
    },
    async find(id) {
      return store.get<AdapterPayload>(OIDC_NS, key(model, id));
    },
    async findByUid(uid) {
      const id = sessionByUid.get(uid);
      return id === undefined ? undefined : store.get<AdapterPayload>(OIDC_NS, key(model, id));
    },
    async findByUserCode(userCode) {
      const id = byUserCode.get(userCode);
      return id === undefined ? undefined : store.get<AdapterPayload>(OIDC_NS, key(model, id));
    },
    async consume(id) {
      const consumed = Math.floor(Date.now() / 1000);
      store.update(OIDC_NS, key(model, id), (value) => {
        value.consumed = consumed;
      });
    },
    async destroy(id) {
      const previous = store.get<AdapterPayload>(OIDC_NS, key(model, id));
      if (previous) unindex(model, id, previous);
      store.delete(OIDC_NS, key(model, id));
    },
    async revokeByGrantId(grantId) {
      const members = grantMembers.get(grantId);
      grantMembers.delete(grantId);
      for (const member of members ?? []) {
        const i = member.indexOf(":");
        const memberModel = member.slice(0, i);
        const memberId = member.slice(i + 1);
        const payload = store.get<AdapterPayload>(OIDC_NS, member);
        if (payload) {
          if (memberModel === "Session" && payload.uid) sessionByUid.delete(payload.uid);
          if (payload.userCode && byUserCode.get(payload.userCode) === memberId) byUserCode.delete(payload.userCode);
        }
        store.delete(OIDC_NS, member);
      }
    },
  });
}
