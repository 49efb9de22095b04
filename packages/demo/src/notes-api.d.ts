import type { Env } from "./port.js";

/** The demo's API resource in Logto: its indicator (RFC 8707), its two scopes and the names of the roles granting them. */
export declare const demoNotesApi: {
  readonly name: string;
  readonly indicator: "https://api.demo.local";
  readonly scopes: { readonly read: "read:notes"; readonly write: "write:notes" };
  readonly roles: { readonly reader: string; readonly editor: string };
  /** The apps' `AUTH_LOGTO_RESOURCES` unless set: the notes API with both scopes. */
  readonly resources: string;
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

/** One call of the notes API, as the demo pages show it (never with the token). */
export type NotesApiCall =
  | { outcome: "allowed"; method: "GET" | "POST"; requiredScope: string; status: number; body: unknown }
  | {
      outcome: "refused";
      method: "GET" | "POST";
      requiredScope: string;
      status: number;
      /** RFC 6750's `error`: `insufficient_scope`, `invalid_token`, … */
      error: string;
      wwwAuthenticate: string | null;
    }
  | { outcome: "api-down"; method: "GET" | "POST"; requiredScope: string };

/**
 * The demo pages' two calls of the notes API with the user's access token: `GET` (needs `read:notes`, which every user
 * has) and `POST` (needs `write:notes`, which only the editor role gives). Never throws: an API that does not answer
 * within 3 s is `api-down`.
 */
export declare function callNotesApi(
  url: string,
  accessToken: string,
): Promise<{ read: NotesApiCall; write: NotesApiCall }>;
