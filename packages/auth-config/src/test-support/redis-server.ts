/** A real, throw-away `redis-server` on a free loopback port, for the Redis store's tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server and starts a new one, empty, on the same port (as after a crash without persistence). */
  restart(): Promise<void>;
  /** Starts a new server, empty, on the same port after {@link TestRedis.stop}. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung host. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Starts `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no`.
 *
 * @throws naming `apt-get install redis-server` when the binary is missing.
 */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await stop(child);
      child = await launch(port);
    },
    async start() {
      child = await launch(port);
    },
    stop: () => stop(child),
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
  };
}

function launch(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    let ready = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new Error(
              "redis-server is not installed; the Redis store tests need it: `apt-get install -y redis-server`.",
            )
          : error,
      );
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
    });
    // Both pipes stay drained after start-up, or a chatty server would block on a full pipe.
    const onOutput = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) {
        ready = true;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(child);
      }
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // A paused server acts on SIGTERM only once it runs again.
    child.kill("SIGCONT");
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
