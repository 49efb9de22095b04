import { request as httpRequest } from "node:http";
import { connect } from "node:net";

/** What a server answered: its status (0: the connection closed without an answer, -1: no answer in time). */
export interface Answer {
  status: number;
  location: string | undefined;
  error?: string;
}

/** Each request must be answered within this bound, or the test counts a hang. */
export const ANSWER_WITHIN_MS = 10_000;

/**
 * Sends `head` (the request line and headers, as written) and `body` on a socket of its own; with `halfClose`, the
 * client stops sending after it (a truncated body). Reads the status line and Location of the answer.
 */
export function sendRaw(base: string, head: string, body = Buffer.alloc(0), halfClose = false): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    const done = (answer: Answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ status: -1, location: undefined }), ANSWER_WITHIN_MS);
    const parse = (): Answer | undefined => {
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return undefined;
      const [statusLine = "", ...headers] = received.slice(0, end).split("\r\n");
      const location = headers.find((line) => /^location:/i.test(line))?.replace(/^location:\s*/i, "");
      return { status: Number(statusLine.split(" ")[1]), location };
    };
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const answer = parse();
      if (answer) done(answer);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => done({ status: 0, location: undefined, error: error.code }));
    socket.on("end", () => done(parse() ?? { status: 0, location: undefined, error: "closed" }));
    socket.write(head);
    socket.write(body);
    if (halfClose) socket.end();
  });
}

/** A request through node:http (path and headers sent as written), its body written in `chunks` (chunked encoding). */
export function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  const headers = options.headers ?? {};
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? "GET",
        headers,
        setHost: !("host" in headers),
        // A sign-in redirect carries a long return-to in its Location and cookies.
        maxHeaderSize: 64 * 1024,
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: error.message === "timeout" ? -1 : 0, location: undefined, error: error.code ?? "" }),
    );
    req.setTimeout(ANSWER_WITHIN_MS, () => req.destroy(new Error("timeout")));
    const chunks = [...(options.chunks ?? [])];
    const write = () => {
      while (chunks.length > 0) if (!req.write(chunks.shift()!)) return void req.once("drain", write);
      req.end();
    };
    write();
  });
}
