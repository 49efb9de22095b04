/**
 * The suite's redis-server, which a test can stop and start again (see `redis-control.ts`): a server that stops
 * while the hold file exists is started again, empty, on the same port once the file is gone. A server that stops
 * any other way ends this process with it. Playwright stops this process group at the end of the run.
 *
 * Usage: node redis-server.mjs <port> <hold file>
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync, watch } from "node:fs";
import { basename, dirname } from "node:path";

const [port, holdFile] = process.argv.slice(2);
if (!port || !holdFile) throw new Error("usage: node redis-server.mjs <port> <hold file>");
// Left behind by an interrupted run.
rmSync(holdFile, { force: true });

let server;
function start() {
  server = spawn("redis-server", ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "inherit",
  });
  server.on("exit", (code, signal) => {
    if (!existsSync(holdFile)) process.exit(code ?? (signal ? 1 : 0));
    const watcher = watch(dirname(holdFile), () => {
      if (existsSync(holdFile)) return;
      watcher.close();
      start();
    });
    // Removed between the exit and the watch.
    if (!existsSync(holdFile)) watcher.emit("change", "rename", basename(holdFile));
  });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server?.kill(signal);
    process.exit(0);
  });
}
start();
