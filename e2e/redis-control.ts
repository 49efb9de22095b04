import { rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { expect } from "@playwright/test";
import { ports, redisHoldFile } from "./servers";

/**
 * Sends one inline command to the suite's Redis; resolves with its first reply line, or `null` when it cannot
 * connect.
 */
function command(text: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(ports.redis, "127.0.0.1");
    let reply = "";
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on("connect", () => socket.write(`${text}\r\n`));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) socket.end();
    });
    socket.on("error", () => resolve(null));
    socket.on("close", () => resolve(reply.split("\r\n")[0] ?? ""));
  });
}

/** Stops the suite's Redis, as a crash would (no save), and keeps it down until {@link startRedis}. */
export async function stopRedis(): Promise<void> {
  await writeFile(redisHoldFile, "");
  await command("SHUTDOWN NOSAVE");
  await expect.poll(() => command("PING"), { timeout: 10_000 }).toBeNull();
}

/** Lets the suite's Redis start again, empty, and waits until it answers. */
export async function startRedis(): Promise<void> {
  await rm(redisHoldFile, { force: true });
  await expect.poll(() => command("PING"), { timeout: 10_000 }).toBe("+PONG");
}
