/** Starts a child process that holds a revocation store or a lock, for the tests that kill one (see store-process.ts). */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { StoreAnswer, StoreCall, StoreProcessSpec } from "./store-process-protocol.js";

const READY_TIMEOUT_MS = 20_000;

export interface StoreProcess {
  pid: number;
  /** Runs a command in the child; resolves with its answer (a value, or the error it threw). */
  call(command: StoreCall): Promise<StoreAnswer>;
  /** Sends `signal` and, for a signal that ends it, waits until the child is gone. */
  kill(signal: "SIGKILL" | "SIGSTOP" | "SIGCONT"): Promise<void>;
}

const started = new Set<ChildProcess>();

/** Starts the child and waits until it has opened what `spec` names. */
export async function startStoreProcess(spec: StoreProcessSpec): Promise<StoreProcess> {
  const script = fileURLToPath(new URL("./store-process.ts", import.meta.url));
  const register = fileURLToPath(new URL("./ts-register.mjs", import.meta.url));
  const child = spawn(process.execPath, ["--import", register, script, JSON.stringify(spec)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waiting = new Map<number, (answer: StoreAnswer) => void>();
  let onReady: ((answer: StoreAnswer) => void) | undefined;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const message = JSON.parse(line) as StoreAnswer;
    if (message.ready) onReady?.(message);
    else if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<StoreAnswer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the store process did not start:\n${stderr}`)), READY_TIMEOUT_MS);
    onReady = (answer) => {
      clearTimeout(timer);
      resolve(answer);
    };
    void exited.then(() => reject(new Error(`the store process exited before it was ready:\n${stderr}`)));
  });
  let nextId = 0;
  return {
    pid: child.pid!,
    call(command) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
      });
    },
    async kill(signal) {
      child.kill(signal);
      if (signal === "SIGKILL") await exited;
    },
  };
}

/** Kills every child still running (after each test). */
export async function killStoreProcesses(): Promise<void> {
  const running = [...started].filter((child) => child.exitCode === null && child.signalCode === null);
  started.clear();
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
