import { once } from "node:events";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardRequest, malformedRequest } from "./request-guard.js";

const request = (url: string, headers: Record<string, string> = { host: "localhost:3000" }) => ({ url, headers });

describe("malformedRequest", () => {
  it("accepts paths with valid hosts", () => {
    for (const host of ["localhost", "localhost:3000", "127.0.0.1:80", "[::1]:65535", "app.example", "my_app:1"]) {
      expect(malformedRequest(request("/a?b=%zz", { host })), host).toBeUndefined();
    }
    expect(malformedRequest(request("//evil.example/%2F"))).toBeUndefined();
    expect(malformedRequest(request("/", { host: "a", "x-forwarded-host": "b.example:443, c" }))).toBeUndefined();
  });

  it("refuses targets that are not paths", () => {
    for (const target of ["*", "http://evil.example/", "http://localhost:3000/", "evil.example:443", ""]) {
      expect(malformedRequest(request(target)), target).toMatch(/must be a path/);
    }
  });

  it("refuses invalid percent-escapes in the path", () => {
    for (const path of ["/%zz", "/api/auth/%", "/%E0%A4%A"]) {
      expect(malformedRequest(request(path)), path).toMatch(/percent-escape/);
    }
  });

  it("refuses a missing or invalid Host, and an invalid X-Forwarded-Host", () => {
    for (const host of ["", "localhost:99999", "[::1", "a b", "localhost:1/x", "a:b", "évil"]) {
      expect(malformedRequest(request("/", { host })), host).toMatch(/Host header/);
    }
    expect(malformedRequest({ url: "/", headers: {} })).toMatch(/Host header/);
    for (const forwarded of ["a:99999", "[::1", "a b", "ok, a:70000"]) {
      expect(malformedRequest(request("/", { host: "a", "x-forwarded-host": forwarded })), forwarded).toMatch(
        /X-Forwarded-Host/,
      );
    }
  });
});

describe("guardRequest", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A server whose app reads one chunk of a body, pauses it (as a framework's body stream does) and answers 413. */
  async function serve(): Promise<number> {
    server = createServer((request, response) => {
      if (!guardRequest(request, response)) return;
      if (request.method === "GET") return void response.end("ok");
      request.once("data", () => {
        request.pause();
        response.writeHead(413).end();
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as AddressInfo).port;
  }

  const send = (port: number, agent: Agent, method: string, chunks: Buffer[] = [], path = "/") =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const request = httpRequest({ host: "127.0.0.1", port, method, path, agent }, (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
      });
      request.on("error", reject);
      request.setTimeout(3_000, () => request.destroy(new Error("no answer")));
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });

  it("answers 400 to a malformed request and closes its connection", async () => {
    const port = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await expect(send(port, agent, "GET", [], "/%zz")).resolves.toEqual({ status: 400, reused: false });
    await expect(send(port, agent, "GET")).resolves.toEqual({ status: 200, reused: false });
    agent.destroy();
  });

  it("drops the rest of a body the app answered before reading: the connection serves the next request", async () => {
    const port = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const megabyte = Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, "a"));
    await expect(send(port, agent, "POST", megabyte)).resolves.toEqual({ status: 413, reused: false });
    await expect(send(port, agent, "GET")).resolves.toEqual({ status: 200, reused: true });
    agent.destroy();
  });
});
