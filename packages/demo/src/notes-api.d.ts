import type { Env } from "./port.js";

/** The demo's API resource in Logto: its indicator (RFC 8707), its two scopes and the names of the roles granting them. */
export declare const demoNotesApi: {
  readonly name: string;
  readonly indicator: "https://api.demo.local";
  readonly scopes: { readonly read: "read:notes"; readonly write: "write:notes" };
  readonly roles: { readonly reader: string; readonly editor: string };
};

/**
 * What the local IdP creates at start (`startIdp`'s `rbacSeed`): the notes API with `read:notes` and `write:notes`, the
 * default role "Notes reader" (every new user gets `read:notes`) and "Notes editor" (`write:notes`), which nobody has
 * until an admin gives it through the Management API (`POST /api/users/:userId/roles`).
 */
export declare const demoRbacSeed: {
  resources: { name: string; indicator: string; scopes: { name: string; description: string }[] }[];
  roles: { name: string; description: string; isDefault?: boolean; scopes: { indicator: string; name: string }[] }[];
};

/**
 * Where the apps call the notes API: `NOTES_API_URL` when set, else the web app's `/api/notes` on `WEB_PORT`.
 *
 * @throws Error naming the variable when `NOTES_API_URL` or `WEB_PORT` is wrong
 */
export declare function demoNotesApiUrl(env: Env): string;
