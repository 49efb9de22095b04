/** The stand-in's Hugging Face accounts: three built in, and any other valid username as a generated one. */
import { createHash } from "node:crypto";

/** A Hugging Face account as the stand-in's pages and userinfo endpoint show it. */
export interface StandInAccount {
  /** Hugging Face's user id: 24 hex digits. */
  sub: string;
  username: string;
  fullname?: string;
  email: string;
  emailVerified: boolean;
  isPro: boolean;
  hasAvatar: boolean;
}

/** The accounts offered on the stand-in's account picker. */
export const STANDIN_ACCOUNTS: readonly StandInAccount[] = [
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f0",
    username: "ada",
    fullname: "Ada Lovelace",
    email: "ada@example.com",
    emailVerified: true,
    isPro: true,
    hasAvatar: true,
  },
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f1",
    username: "grace",
    fullname: "Grace Hopper",
    email: "grace@example.com",
    emailVerified: true,
    isPro: false,
    hasAvatar: true,
  },
  {
    sub: "65a1f0c2d3e4b5a6c7d8e9f2",
    username: "linus",
    email: "linus@example.com",
    emailVerified: false,
    isPro: false,
    hasAvatar: false,
  },
];

/**
 * What "continue as another user" accepts: Hugging Face-like usernames. The same expression serves as the form
 * field's HTML `pattern` (which browsers anchor and compile with the `v` flag, hence the escaped dash).
 */
export const USERNAME_PATTERN = "[a-z0-9][a-z0-9\\-]{1,29}";
const OTHER_USERNAME = new RegExp(`^(?:${USERNAME_PATTERN})$`);

/** The rule of {@link USERNAME_PATTERN}, as the page states it and as the error says it. */
export const USERNAME_RULE = "2 to 30 characters: lowercase letters, digits and dashes, not starting with a dash.";

/**
 * A built-in account, or any other valid username as a generated account with a stable `sub`: tests and
 * benchmarks that need many distinct users (a first sign-in each) type a name instead of picking one.
 */
export function findStandInAccount(username: string | null | undefined): StandInAccount | undefined {
  if (!username) return undefined;
  const builtIn = STANDIN_ACCOUNTS.find((a) => a.username === username);
  if (builtIn || !OTHER_USERNAME.test(username)) return builtIn;
  return {
    sub: createHash("sha256").update(`hf-standin:${username}`).digest("hex").slice(0, 24),
    username,
    email: `${username}@example.com`,
    emailVerified: true,
    isPro: false,
    hasAvatar: true,
  };
}
