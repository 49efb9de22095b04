/** The idp app's configuration: the environment, read once here and validated (see `.env.example`). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type DemoServer, demoPort, demoRbacSeed, demoServers } from "@logto-hf/demo";
import { defaultClients, type StartIdpOptions } from "@logto-hf/dev-idp";
import { z } from "zod";

/** apps/idp/.data, whether running from src/ (tsx) or dist/. */
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".data");

/** The port of one of the demo's servers, read by the demo's one port parser (unset or blank: its default). */
const port = (server: DemoServer) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return demoPort({ [demoServers[server].portVariable]: value }, server);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    });
const seconds = z.coerce.number().int().positive();
const nonEmpty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const clientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string().min(1).optional(),
  redirectUris: z.array(z.url()).min(1),
  postLogoutRedirectUris: z.array(z.url()).default([]),
  backchannelLogoutUri: z.url().optional(),
});

const clientsJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "is not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.array(clientSchema).min(1))
  .transform((clients) => clients.map((client) => ({ ...client, name: client.name ?? client.clientId })));

/** The file of extra clients read when it exists and IDP_EXTRA_CLIENTS_FILE names no other (git-ignored). */
export const DEFAULT_EXTRA_CLIENTS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "extra-clients.json",
);

/** A file of extra clients: its JSON, or an issue naming the file. */
const clientsFile = z.string().transform((file, ctx) => {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `cannot read ${file}: ${(error as Error).message}` });
    return z.NEVER;
  }
});

const envSchema = z.object({
  IDP_PORT: port("idp"),
  IDP_HOST: z.preprocess(nonEmpty, z.string().default("127.0.0.1")),
  IDP_DATA_DIR: z.preprocess(nonEmpty, z.string().optional()),
  WEB_PORT: port("web"),
  REMIX_PORT: port("remix"),
  IDP_CLIENTS: z.preprocess(nonEmpty, clientsJson.optional()),
  // Added to the demo's clients (or IDP_CLIENTS): your own apps, without restating the demo's.
  IDP_EXTRA_CLIENTS: z.preprocess(nonEmpty, clientsJson.optional()),
  IDP_EXTRA_CLIENTS_FILE: z.preprocess(
    (value) => nonEmpty(value) ?? (existsSync(DEFAULT_EXTRA_CLIENTS_FILE) ? DEFAULT_EXTRA_CLIENTS_FILE : undefined),
    clientsFile.pipe(clientsJson).optional(),
  ),
  HF_CLIENT_ID: z.preprocess(nonEmpty, z.string().optional()),
  HF_CLIENT_SECRET: z.preprocess(nonEmpty, z.string().optional()),
  HF_BASE_URL: z.preprocess(nonEmpty, z.url().default("https://huggingface.co")),
  IDP_ACCESS_TOKEN_TTL: z.preprocess(nonEmpty, seconds.optional()),
  IDP_REFRESH_TOKEN_TTL: z.preprocess(nonEmpty, seconds.optional()),
  IDP_SESSION_TTL: z.preprocess(nonEmpty, seconds.optional()),
  // Logto's own variable: with it, Logto (and this IdP) adds its user-sessions Management API routes.
  DEV_FEATURES_ENABLED: z.preprocess(nonEmpty, z.stringbool().default(false)),
  // The Hugging Face connector's "Store tokens for persistent API access" (Logto's enableTokenStorage).
  IDP_HF_TOKEN_STORAGE: z.preprocess(nonEmpty, z.stringbool().default(true)),
  // The stand-in's access token lifetime (Hugging Face: 8 h) and whether it issues refresh tokens.
  IDP_HF_TOKEN_TTL: z.preprocess(nonEmpty, seconds.optional()),
  IDP_HF_REFRESH_TOKENS: z.preprocess(nonEmpty, z.stringbool().default(true)),
});

/** The validated environment. */
export type Env = z.infer<typeof envSchema>;

/** Reads the environment: the values, or one line per wrong variable, naming it. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): { env: Env } | { problems: string[] } {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "env"}: ${issue.message}`) };
  }
  const ids = clientsOf(parsed.data).map((client) => client.clientId);
  const repeated = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  if (repeated.length > 0) {
    return { problems: [`  clients: ${repeated.map((id) => `"${id}"`).join(", ")} listed more than once`] };
  }
  return { env: parsed.data };
}

/** The IdP's clients: the demo's (or IDP_CLIENTS), then the extra ones from the file and the variable. */
function clientsOf(env: Env) {
  const base =
    env.IDP_CLIENTS ?? defaultClients({ WEB_PORT: String(env.WEB_PORT), REMIX_PORT: String(env.REMIX_PORT) });
  return [...base, ...extraClients(env)];
}

/** True when both HF_CLIENT_ID and HF_CLIENT_SECRET are set: the IdP then uses the real Hugging Face. */
export function usesRealHuggingFace(env: Env): boolean {
  return Boolean(env.HF_CLIENT_ID && env.HF_CLIENT_SECRET);
}

/** The IdP's options for `env`: the demo apps as clients unless IDP_CLIENTS lists others, and the extra clients. */
export function startOptions(env: Env): StartIdpOptions {
  return {
    port: env.IDP_PORT,
    host: env.IDP_HOST,
    clients: clientsOf(env),
    dataDir: env.IDP_DATA_DIR ?? DEFAULT_DATA_DIR,
    devFeatures: env.DEV_FEATURES_ENABLED,
    huggingfaceTokenStorage: env.IDP_HF_TOKEN_STORAGE,
    standIn: {
      refreshTokens: env.IDP_HF_REFRESH_TOKENS,
      ...(env.IDP_HF_TOKEN_TTL ? { accessTokenTtl: env.IDP_HF_TOKEN_TTL } : {}),
    },
    // The demo's notes API, its scopes and roles (every new user reads; nobody writes until given the editor role).
    rbacSeed: demoRbacSeed,
    ...(usesRealHuggingFace(env)
      ? {
          huggingface: {
            baseUrl: env.HF_BASE_URL,
            clientId: env.HF_CLIENT_ID ?? "",
            clientSecret: env.HF_CLIENT_SECRET ?? "",
          },
        }
      : {}),
    ttl: {
      ...(env.IDP_ACCESS_TOKEN_TTL ? { accessToken: env.IDP_ACCESS_TOKEN_TTL } : {}),
      ...(env.IDP_REFRESH_TOKEN_TTL ? { refreshToken: env.IDP_REFRESH_TOKEN_TTL } : {}),
      ...(env.IDP_SESSION_TTL ? { session: env.IDP_SESSION_TTL } : {}),
    },
  };
}

/** The clients added by IDP_EXTRA_CLIENTS_FILE and IDP_EXTRA_CLIENTS. */
export function extraClients(env: Env) {
  return [...(env.IDP_EXTRA_CLIENTS_FILE ?? []), ...(env.IDP_EXTRA_CLIENTS ?? [])];
}
