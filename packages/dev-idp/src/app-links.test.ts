import { describe, expect, it } from "vitest";

import { appHomePages } from "./app-links.js";
import type { IdpClient } from "./types.js";

const client = (name: string, redirectUris: string[], postLogoutRedirectUris: string[] = []): IdpClient => ({
  clientId: name,
  clientSecret: "s",
  name,
  redirectUris,
  postLogoutRedirectUris,
});

describe("appHomePages", () => {
  it("links each application's origin, once, in the order the clients are registered", () => {
    expect(
      appHomePages([
        client("Web", ["http://localhost:3000/api/auth/callback/logto"], ["http://localhost:3000/signed-out"]),
        client("Remix", ["http://localhost:3002/auth/callback"]),
        client("Web, unchecked", ["http://localhost:3000/other/callback"]),
      ]),
    ).toEqual([
      { name: "Web", href: "http://localhost:3000/" },
      { name: "Remix", href: "http://localhost:3002/" },
    ]);
  });

  it("prefers the post-logout redirect URI and skips what a browser cannot open", () => {
    expect(appHomePages([client("Native", ["com.example.app:/callback"])])).toEqual([]);
    expect(
      appHomePages([client("Split", ["https://auth.example.com/cb"], ["not a url", "https://www.example.com/bye"])]),
    ).toEqual([{ name: "Split", href: "https://www.example.com/" }]);
  });
});
