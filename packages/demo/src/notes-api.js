// The demo's API protected by Logto: an API resource with two scopes, and the roles that grant them. The web app serves
// it (`/api/notes`); both apps call it as the signed-in user with a resource-bound access token.
import { demoPort } from "./topology.js";

/** @type {typeof import("./notes-api.js").demoNotesApi} */
export const demoNotesApi = {
  name: "Demo notes API",
  indicator: "https://api.demo.local",
  scopes: { read: "read:notes", write: "write:notes" },
  roles: { reader: "Notes reader", editor: "Notes editor" },
  resources: "https://api.demo.local read:notes write:notes",
};

/** @type {typeof import("./notes-api.js").demoRbacSeed} */
export const demoRbacSeed = {
  resources: [
    {
      name: demoNotesApi.name,
      indicator: demoNotesApi.indicator,
      scopes: [
        { name: demoNotesApi.scopes.read, description: "Read the demo's notes" },
        { name: demoNotesApi.scopes.write, description: "Add a note" },
      ],
    },
  ],
  roles: [
    {
      name: demoNotesApi.roles.reader,
      description: "Every user: reads the demo's notes",
      isDefault: true,
      scopes: [{ indicator: demoNotesApi.indicator, name: demoNotesApi.scopes.read }],
    },
    {
      name: demoNotesApi.roles.editor,
      description: "Given by an admin: adds notes",
      scopes: [{ indicator: demoNotesApi.indicator, name: demoNotesApi.scopes.write }],
    },
  ],
};

/** @type {typeof import("./notes-api.js").demoNotesApiUrl} */
export const demoNotesApiUrl = (env) => {
  const value = env.NOTES_API_URL?.trim();
  if (!value) return `http://localhost:${demoPort(env, "web")}/api/notes`;
  if (!URL.canParse(value)) throw new Error(`NOTES_API_URL must be a URL, got "${value}"`);
  return value;
};

/** @type {typeof import("./notes-api.js").callNotesApi} */
export async function callNotesApi(url, accessToken) {
  /** @type {(method: "GET" | "POST", requiredScope: string) => Promise<import("./notes-api.js").NotesApiCall>} */
  const call = async (method, requiredScope) => {
    try {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
        signal: AbortSignal.timeout(3_000),
      });
      const body = /** @type {Record<string, unknown>} */ (await response.json().catch(() => ({})));
      if (response.ok) return { outcome: "allowed", method, requiredScope, status: response.status, body };
      return {
        outcome: "refused",
        method,
        requiredScope,
        status: response.status,
        error: typeof body.error === "string" ? body.error : `http_${response.status}`,
        wwwAuthenticate: response.headers.get("www-authenticate"),
      };
    } catch {
      return { outcome: "api-down", method, requiredScope };
    }
  };
  const [read, write] = await Promise.all([
    call("GET", demoNotesApi.scopes.read),
    call("POST", demoNotesApi.scopes.write),
  ]);
  return { read, write };
}
