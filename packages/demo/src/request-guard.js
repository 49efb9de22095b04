// host = uri-host [ ":" port ] (RFC 9110 §7.2): a name or IPv4 address, or an IPv6 address in brackets.
const HOST = /^(?:[a-z0-9._~-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** @param {string} value */
const isHost = (value) => {
  const match = HOST.exec(value);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
};

/** @type {typeof import("./request-guard.js").malformedRequest} */
export const malformedRequest = (request) => {
  const target = request.url ?? "";
  // `OPTIONS *` and absolute-form targets (`GET http://other.example/`): Next.js redirects to the target's host, and
  // Remix's Express adapter throws building its URL. An application server is no proxy: only paths are served.
  if (!target.startsWith("/")) return "The request target must be a path.";
  try {
    decodeURIComponent(target.split("?", 1)[0] ?? "");
  } catch {
    return "The path has an invalid percent-escape.";
  }
  const host = request.headers.host;
  if (host === undefined || !isHost(host)) return "The Host header is not a valid host.";
  // Remix's Express adapter takes the port of X-Forwarded-Host, even from a server that trusts no proxy.
  const forwarded = request.headers["x-forwarded-host"];
  if (
    forwarded !== undefined &&
    !String(forwarded)
      .split(",")
      .every((entry) => isHost(entry.trim()))
  ) {
    return "The X-Forwarded-Host header is not a list of valid hosts.";
  }
  return undefined;
};

/** @type {typeof import("./request-guard.js").guardRequest} */
export const guardRequest = (request, response) => {
  const reason = malformedRequest(request);
  if (reason !== undefined) {
    const body = `${reason}\n`;
    response.writeHead(400, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      connection: "close",
    });
    response.end(body);
    return false;
  }
  // A route may answer before it has read the whole body (a 413 reads no more than its limit): the rest is then read
  // and dropped, as Node.js does for a body nobody read, so that the client gets the answer rather than a reset, and
  // the connection stays usable. Next.js swaps the request's stream for a copy that no longer resumes the socket.
  response.once("finish", () => {
    if (request.complete) return;
    request.removeAllListeners("data").removeAllListeners("readable");
    // Once Node.js has seen the `readable` listeners go (next tick).
    setImmediate(() => {
      request.resume();
      request.socket?.resume();
    });
  });
  return true;
};
