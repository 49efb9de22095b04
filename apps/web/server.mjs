// `next start` with one guard in front: Next.js's own server answers `OPTIONS *` and a path it cannot decode under a
// catch-all route (`/api/auth/%zz`) with a 500, before any route handler or the proxy runs, and answers an
// absolute-form target (`GET http://evil.example/`) with a redirect to that host. Those are refused with a 400 here;
// and a connection whose request body a route answered before reading (the back-channel logout's 413) is kept usable.
import { createServer } from "node:http";
import { guardRequest } from "@logto-hf/demo";
import next from "next";

const hostname = "127.0.0.1";
const port = Number(process.env.PORT);
// The folder it is started in, as `next start`: the app's .env files are read from there.
const app = next({ dev: false, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((request, response) => {
  if (guardRequest(request, response)) void handle(request, response);
}).listen(port, hostname, () => console.log(`▲ Next.js ready on http://${hostname}:${port}`));
// Ctrl-C (or turbo stopping `pnpm start`) is how this server stops: it exits 0, which pnpm does not report as a failed
// script. The signal may come twice (from turbo and from pnpm): the second one exits at once.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
