/** The applications a lost visitor can go back to: the home page of every registered client. */
import type { IdpClient } from "./types.js";

/** A link to an application's home page, as the IdP's pages show it. */
export interface AppLink {
  name: string;
  href: string;
}

/**
 * One link per application origin, in the order the clients are registered: the origin of the client's first
 * post-logout redirect URI (else its first redirect URI), which is where its users start.
 */
export function appHomePages(clients: readonly IdpClient[]): AppLink[] {
  const links: AppLink[] = [];
  for (const client of clients) {
    const uri = [...client.postLogoutRedirectUris, ...client.redirectUris]
      .map((u) => URL.parse(u))
      .find((u) => u?.protocol === "http:" || u?.protocol === "https:");
    if (!uri) continue;
    const href = `${uri.origin}/`;
    if (!links.some((link) => link.href === href)) links.push({ name: client.name, href });
  }
  return links;
}
