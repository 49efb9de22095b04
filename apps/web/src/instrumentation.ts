/** Runs once when the server starts (the Node.js part only: it reads the environment and may stop the process). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
