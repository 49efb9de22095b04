import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogtoError } from "../errors.js";
import { LogtoDiscoveryError } from "./discovery.js";
import { LogtoClient } from "./logto-client.js";

let server: Server;
let origin: string;
beforeAll(async () => {
  // Announces itself as http://localhost:<port>/oidc, as Logto does for its ENDPOINT.
  server = createServer((request, response) => {
    if (request.url !== "/oidc/.well-known/openid-configuration") {
      response.statusCode = 404;
      return response.end();
    }
    const issuer = `http://localhost:${(server.address() as AddressInfo).port}/oidc`;
    response.setHeader("content-type", "application/json");
    response.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A client of `issuer` whose configuration errors are recorded in `seen`, or go nowhere without it. */
const clientOf = (issuer: string, seen?: string[]) =>
  new LogtoClient({
    issuer,
    clientId: "app",
    clientSecret: "app-secret",
    ...(seen ? { onConfigurationError: (error: LogtoDiscoveryError) => seen.push(error.code) } : {}),
  });

describe("LogtoClient.metadata (discovery)", () => {
  it("refuses an issuer written unlike the one Logto announces, naming both, and tells the configuration error handler", async () => {
    const seen: string[] = [];
    const error = await clientOf(`${origin}/oidc`, seen)
      .metadata()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LogtoDiscoveryError);
    expect(error).toBeInstanceOf(LogtoError);
    expect(error).toMatchObject({
      code: "discovery.issuer_mismatch",
      message: expect.stringMatching(
        /^AUTH_LOGTO_ISSUER is "http:\/\/127\.0\.0\.1:\d+\/oidc", but Logto announces the issuer "http:\/\/localhost:\d+\/oidc"/,
      ),
    });
    await expect(clientOf(origin, seen).metadata()).rejects.toMatchObject({ code: "discovery.not_an_issuer" });
    // A client without a handler tells no one else's.
    await expect(clientOf(origin).metadata()).rejects.toMatchObject({ code: "discovery.not_an_issuer" });
    expect(seen).toEqual(["discovery.issuer_mismatch", "discovery.not_an_issuer"]);
  });

  it("says when Logto cannot be reached, and tells no configuration error handler", async () => {
    const seen: string[] = [];
    await expect(clientOf("http://127.0.0.1:1/oidc", seen).metadata()).rejects.toMatchObject({
      code: "discovery.unreachable",
    });
    expect(seen).toEqual([]);
  });
});
