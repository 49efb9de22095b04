/** `pnpm dev` / `pnpm start` entry point: reads the environment, starts the IdP, prints a banner. */
import { z } from "zod";

import { defaultClients } from "./clients.js";
import { startIdp } from "./server.js";
import type { RunningIdp, StartIdpOptions } from "./types.js";

const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().positive();
const nonEmpty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const clientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
  postLogoutRedirectUris: z.array(z.url()),
  backchannelLogoutUri: z.url().optional(),
});

const clientsJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "is not valid JSON" });
    return z.NEVER;
  }
}).pipe(z.array(clientSchema).min(1));

const envSchema = z.object({
  IDP_PORT: z.preprocess(nonEmpty, port.default(3001)),
  IDP_HOST: z.preprocess(nonEmpty, z.string().default("127.0.0.1")),
  IDP_DATA_DIR: z.preprocess(nonEmpty, z.string().optional()),
  WEB_PORT: z.preprocess(nonEmpty, port.default(3000)),
  REMIX_PORT: z.preprocess(nonEmpty, port.default(3002)),
  IDP_CLIENTS: z.preprocess(nonEmpty, clientsJson.optional()),
  HF_CLIENT_ID: z.preprocess(nonEmpty, z.string().optional()),
  HF_CLIENT_SECRET: z.preprocess(nonEmpty, z.string().optional()),
  HF_BASE_URL: z.preprocess(nonEmpty, z.url().default("https://huggingface.co")),
  IDP_ACCESS_TOKEN_TTL: z.preprocess(nonEmpty, seconds.optional()),
  IDP_REFRESH_TOKEN_TTL: z.preprocess(nonEmpty, seconds.optional()),
  IDP_SESSION_TTL: z.preprocess(nonEmpty, seconds.optional()),
});

function fail(message: string): never {
  console.error(`[idp] ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "env"}: ${issue.message}`);
    fail(`invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;

  const realHf = Boolean(env.HF_CLIENT_ID && env.HF_CLIENT_SECRET);
  if (!realHf && (env.HF_CLIENT_ID || env.HF_CLIENT_SECRET)) {
    console.warn("[idp] only one of HF_CLIENT_ID / HF_CLIENT_SECRET is set; using the Hugging Face stand-in");
  }

  const options: StartIdpOptions = {
    port: env.IDP_PORT,
    host: env.IDP_HOST,
    clients:
      env.IDP_CLIENTS ??
      defaultClients({ ...process.env, WEB_PORT: String(env.WEB_PORT), REMIX_PORT: String(env.REMIX_PORT) }),
    ...(env.IDP_DATA_DIR ? { dataDir: env.IDP_DATA_DIR } : {}),
    ...(realHf
      ? { huggingface: { baseUrl: env.HF_BASE_URL, clientId: env.HF_CLIENT_ID ?? "", clientSecret: env.HF_CLIENT_SECRET ?? "" } }
      : {}),
    ttl: {
      ...(env.IDP_ACCESS_TOKEN_TTL ? { accessToken: env.IDP_ACCESS_TOKEN_TTL } : {}),
      ...(env.IDP_REFRESH_TOKEN_TTL ? { refreshToken: env.IDP_REFRESH_TOKEN_TTL } : {}),
      ...(env.IDP_SESSION_TTL ? { session: env.IDP_SESSION_TTL } : {}),
    },
  };

  let idp: RunningIdp;
  try {
    idp = await startIdp(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") fail(`port ${env.IDP_PORT} is already in use (set IDP_PORT)`);
    throw error;
  }

  const hf = realHf ? `real Hugging Face at ${env.HF_BASE_URL}` : `stand-in at ${idp.origin}/huggingface (accounts: ada, grace, linus)`;
  console.info(
    [
      "",
      "  Local Logto-compatible IdP is running",
      `    web    http://localhost:${env.WEB_PORT}`,
      `    remix  http://localhost:${env.REMIX_PORT}`,
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
