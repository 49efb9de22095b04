/** Users of the local IdP, created on first Hugging Face sign-in and linked by the Hugging Face `sub`. */
import { randomInt } from "node:crypto";

import type { JsonStore } from "./store.js";

export interface Account {
  /** Logto-like random user id (12 lowercase alphanumerics). */
  id: string;
  /** Like Logto's `users.identities`: the connector's mapped fields and its whole userinfo as `rawData`. */
  identities: { huggingface: { userId: string; details: Record<string, unknown> } };
  name: string | null;
  username: string | null;
  picture: string | null;
  email: string | null;
  emailVerified: boolean;
  /** epoch milliseconds, like Logto */
  createdAt: number;
  /** epoch milliseconds, like Logto */
  updatedAt: number;
  /** Suspended in Console or through the Management API: no sign-in, no userinfo, no refresh. */
  isSuspended?: boolean;
}

export interface HuggingFaceProfile {
  sub: string;
  name?: string | null | undefined;
  preferred_username?: string | null | undefined;
  picture?: string | null | undefined;
  email?: string | null | undefined;
  email_verified?: boolean | null | undefined;
  [key: string]: unknown;
}

const ACCOUNTS_NS = "accounts";
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

function generateUserId(length = 12): string {
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export class AccountRepository {
  /** @param onCreated - called once per new user, as Logto gives a new user its default roles */
  constructor(
    private readonly store: JsonStore,
    private readonly onCreated: (account: Account) => void = () => undefined,
  ) {}

  all(): Account[] {
    return [...this.store.entries<Account>(ACCOUNTS_NS)].map(([, account]) => account);
  }

  find(id: string): Account | undefined {
    return this.store.get<Account>(ACCOUNTS_NS, id);
  }

  findByHuggingFaceSub(sub: string): Account | undefined {
    for (const [, account] of this.store.entries<Account>(ACCOUNTS_NS)) {
      if (account.identities.huggingface.userId === sub) return account;
    }
    return undefined;
  }

  /**
   * Creates the user on first sign-in, or refreshes the profile of the linked user, as Logto's Hugging Face
   * connector does: `name`, `picture` and `email` from Hugging Face, no `username` (Logto does not set it from a
   * social sign-in), the email reported verified whatever Hugging Face said, and Hugging Face's whole userinfo kept
   * under `identities.huggingface.details.rawData`.
   */
  upsertFromHuggingFace(profile: HuggingFaceProfile): Account {
    const now = Date.now();
    const email = nonEmpty(profile.email);
    const fields = {
      name: nonEmpty(profile.name),
      username: null,
      picture: nonEmpty(profile.picture),
      email,
      emailVerified: email !== null,
    };
    const details = { id: profile.sub, name: fields.name, avatar: fields.picture, email, rawData: { ...profile } };
    const existing = this.findByHuggingFaceSub(profile.sub);
    let account: Account;
    if (existing) {
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((k) => existing[k] !== fields[k]);
      account = {
        ...existing,
        ...fields,
        identities: { huggingface: { userId: profile.sub, details } },
        updatedAt: changed ? now : existing.updatedAt,
      };
    } else {
      let id = generateUserId();
      while (this.find(id)) id = generateUserId();
      account = {
        id,
        identities: { huggingface: { userId: profile.sub, details } },
        ...fields,
        createdAt: now,
        updatedAt: now,
      };
    }
    this.store.set(ACCOUNTS_NS, account.id, account);
    if (!existing) this.onCreated(account);
    return account;
  }

  /** Suspends or reinstates a user (`PATCH /api/users/:userId/is-suspended`). */
  setSuspended(id: string, isSuspended: boolean): Account | undefined {
    const account = this.find(id);
    if (!account) return undefined;
    const updated = { ...account, isSuspended, updatedAt: Date.now() };
    this.store.set(ACCOUNTS_NS, id, updated);
    return updated;
  }

  /** Deletes a user (`DELETE /api/users/:userId`); their next Hugging Face sign-in creates a new user. */
  delete(id: string): void {
    this.store.delete(ACCOUNTS_NS, id);
  }

  /**
   * The user as Logto's Management API answers it (`userProfileResponseGuard`): Logto's field names, the fields this
   * IdP does not keep (phone, custom data, profile, last sign-in, password) empty.
   */
  static profile(account: Account): Record<string, unknown> {
    return {
      id: account.id,
      username: account.username,
      primaryEmail: account.email,
      primaryPhone: null,
      name: account.name,
      avatar: account.picture,
      customData: {},
      identities: account.identities,
      lastSignInAt: null,
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
      profile: {},
      applicationId: null,
      isSuspended: account.isSuspended ?? false,
      hasPassword: false,
    };
  }

  /** Claims in Logto's shape: `picture` may be null, timestamps in milliseconds; `identities` in userinfo only. */
  static claims(account: Account, use: "id_token" | "userinfo"): Record<string, unknown> {
    return {
      ...(use === "userinfo" ? { identities: account.identities } : {}),
      sub: account.id,
      name: account.name,
      username: account.username,
      picture: account.picture,
      created_at: account.createdAt,
      updated_at: account.updatedAt,
      email: account.email,
      email_verified: account.emailVerified,
    };
  }
}

function nonEmpty(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}
