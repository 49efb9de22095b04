import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntilAnswering } from "./wait.js";

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A server answering `statuses` in turn (the last one from then on). */
async function serve(statuses: number[]): Promise<string> {
  server = createServer((_, response) =>
    response.writeHead(statuses.length > 1 ? statuses.shift()! : statuses[0]!).end(),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe("waitUntilAnswering", () => {
  it("waits through 5xx answers until the server answers below 500 (a redirect counts)", async () => {
    const url = await serve([503, 502, 302]);
    await expect(waitUntilAnswering(url, { timeoutMs: 5_000, intervalMs: 10 })).resolves.toBeUndefined();
  });

  it("gives up at the deadline, naming the URL", async () => {
    const url = await serve([500]);
    await expect(waitUntilAnswering(url, { timeoutMs: 300, intervalMs: 10 })).rejects.toThrow(
      `${url} did not answer within 0.3 s`,
    );
  });

  it("stops with the signal's reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the server exited")), 100);
    // Nothing listens on port 1.
    const waiting = waitUntilAnswering("http://127.0.0.1:1/", {
      timeoutMs: Number.POSITIVE_INFINITY,
      intervalMs: 10,
      signal: controller.signal,
    });
    await expect(waiting).rejects.toThrow("the server exited");
  });
});
