// remix-serve's production server, with a guard in front and a request log without queries. remix-serve has no hook
// for either: malformed requests (`OPTIONS *`, absolute-form targets, an invalid Host or X-Forwarded-Host) make Remix's
// Express adapter throw building the request's URL, a 500; a body a route answered before reading (the back-channel
// logout's 413) left the connection reset; and its log line of each request has the URL with its query, the
// authorization code and state of every sign-in callback among them.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { guardRequest } from "@logto-hf/demo";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

// From the folder it is started in, as remix-serve (the build's asset folders are relative to it too).
const build = await import(pathToFileURL(resolve("build/server/index.js")).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

morgan.token("path", (request) => (request.originalUrl ?? request.url ?? "").split("?")[0]);

const app = express();
app.disable("x-powered-by");
app.use((request, response, next) => {
  if (guardRequest(request, response)) next();
});
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan(":method :path :status :res[content-length] - :response-time ms"));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT);
const server = app.listen(port, "127.0.0.1", () => console.log(`[remix-serve] http://localhost:${port}`));
// Ctrl-C (or turbo stopping `pnpm start`) is how this server stops: it exits 0, which pnpm does not report as a failed
// script. The signal may come twice (from turbo and from pnpm): the second one exits at once.
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
