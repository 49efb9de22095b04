/**
 * An API resource in Logto (Console → API resources) that this app calls as the signed-in user, with the scopes it
 * asks for. The access token Logto issues for it carries those of the scopes that the user's roles grant.
 */
export interface LogtoResource {
  /** The API identifier (RFC 8707 resource indicator), an absolute URI, e.g. `https://api.example.com`. */
  indicator: string;
  /** The scopes to ask for, e.g. `["read:notes", "write:notes"]`. */
  scopes: string[];
}

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Reads `AUTH_LOGTO_RESOURCES`: resources separated by commas, each its indicator then its scopes, separated by
 * spaces, e.g. `https://api.example.com read:notes write:notes, https://billing.example.com read:invoices`.
 *
 * @returns the resources, or the problem in words.
 */
export function parseResources(value: string | undefined): { resources: LogtoResource[] } | { problem: string } {
  const resources: LogtoResource[] = [];
  for (const entry of (value ?? "").split(",")) {
    const [indicator, ...scopes] = entry.trim().split(/\s+/).filter(Boolean);
    if (!indicator) continue;
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(indicator) || !URL.canParse(indicator) || indicator.includes("#")) {
      return {
        problem:
          `"${indicator}" is not an API identifier: each entry is the API's absolute URI (as in Logto Console → API ` +
          "resources, no fragment) followed by its scopes, e.g. `https://api.example.com read:notes write:notes`",
      };
    }
    if (resources.some((resource) => resource.indicator === indicator)) {
      return { problem: `${indicator} is listed twice: give its scopes in one entry` };
    }
    const badScope = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
    if (badScope !== undefined) return { problem: `"${badScope}" (for ${indicator}) is not a scope` };
    resources.push({ indicator, scopes: [...new Set(scopes)] });
  }
  return { resources };
}
