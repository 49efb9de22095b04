import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverLogto, LogtoDiscoveryError, onLogtoIssuerMismatch } from "./oidc.js";

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
    response.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("discoverLogto", () => {
  it("refuses an issuer written unlike the one Logto announces, naming both, and tells the mismatch handlers", async () => {
    const seen: string[] = [];
    const stop = onLogtoIssuerMismatch((error) => seen.push(error.code));
    const error = await discoverLogto(`${origin}/oidc`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LogtoDiscoveryError);
    expect(error).toMatchObject({
      code: "issuer_mismatch",
      message: expect.stringMatching(
        /^AUTH_LOGTO_ISSUER is "http:\/\/127\.0\.0\.1:\d+\/oidc", but Logto announces the issuer "http:\/\/localhost:\d+\/oidc"/,
      ),
    });
    await expect(discoverLogto(origin)).rejects.toMatchObject({ code: "not_an_issuer" });
    stop();
    await expect(discoverLogto(origin)).rejects.toMatchObject({ code: "not_an_issuer" });
    expect(seen).toEqual(["issuer_mismatch", "not_an_issuer"]);
  });

  it("says when Logto cannot be reached, and tells no mismatch handler", async () => {
    const seen: string[] = [];
    const stop = onLogtoIssuerMismatch((error) => seen.push(error.code));
    await expect(discoverLogto("http://127.0.0.1:1/oidc")).rejects.toMatchObject({ code: "unreachable" });
    stop();
    expect(seen).toEqual([]);
  });
});
