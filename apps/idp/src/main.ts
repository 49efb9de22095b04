/** `pnpm dev` / `pnpm start`: reads the environment, starts the IdP, prints a banner, stops on SIGINT and SIGTERM. */
import { type RunningIdp, startIdp } from "@logto-hf/dev-idp";

import { extraClients, readEnv, startOptions, usesRealHuggingFace } from "./env.js";

function fail(message: string): never {
  console.error(`[idp] ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const read = readEnv();
  if ("problems" in read) fail(`invalid environment:\n${read.problems.join("\n")}`);
  const { env } = read;

  const realHf = usesRealHuggingFace(env);
  if (!realHf && (env.HF_CLIENT_ID || env.HF_CLIENT_SECRET)) {
    console.warn("[idp] only one of HF_CLIENT_ID / HF_CLIENT_SECRET is set; using the Hugging Face stand-in");
  }

  let idp: RunningIdp;
  try {
    idp = await startIdp(startOptions(env));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") fail(`port ${env.IDP_PORT} is already in use (set IDP_PORT)`);
    throw error;
  }

  const hf = realHf
    ? `real Hugging Face at ${env.HF_BASE_URL}`
    : `stand-in at ${idp.origin}/huggingface (accounts: ada, grace, linus)`;
  console.info(
    [
      "",
      "  Local Logto-compatible IdP is running",
      `    web    http://localhost:${env.WEB_PORT}`,
      `    remix  http://localhost:${env.REMIX_PORT}`,
      ...extraClients(env).map(
        (client) => `    ${client.clientId.padEnd(6)} ${new URL(client.redirectUris[0] ?? "").origin}`,
      ),
      `    idp    ${idp.issuer}`,
      `    Hugging Face: ${hf}`,
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.info(`[idp] ${signal} received, shutting down`);
    idp
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error("[idp] error while shutting down", error);
        process.exit(1);
      });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[idp] failed to start:", error);
  process.exit(1);
});
