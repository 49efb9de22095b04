import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { z } from "zod";

// remix-serve and the Vite dev server do not read .env files; a developer's .env is optional.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the defaults below point at apps/idp.
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const env = z
  .object({
    WEB_PORT: port(3000),
    REMIX_PORT: port(3002),
    IDP_PORT: port(3001),
    WEB_APP_URL: z.url().optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
    AUTH_REVOCATION_FILE: z.string().min(1).default(".data/revocations.json"),
    BENCH_SKIP_SESSION_CHECK: z.enum(["0", "1"], { error: 'must be "0" or "1"' }).optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  throw new Error(
    `Invalid environment:\n${env.error.issues.map((issue) => `  - ${String(issue.path[0])}: ${issue.message}`).join("\n")}`,
  );
}
const { WEB_PORT, REMIX_PORT, IDP_PORT, WEB_APP_URL, REDIS_URL, AUTH_REVOCATION_FILE, BENCH_SKIP_SESSION_CHECK } = env.data;

/**
 * The Remix app's configuration, read once. Without AUTH_LOGTO_ISSUER it points at apps/idp on localhost with
 * the demo client registered there; with it, every Logto variable must be set.
 */
export const logto = loadLogtoConfig(process.env, {
  defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN,
  developmentDefaults: {
    AUTH_LOGTO_ISSUER: `http://localhost:${IDP_PORT}/oidc`,
    AUTH_LOGTO_ID: "remix",
    AUTH_LOGTO_SECRET: "dev-remix-client-secret",
    AUTH_SECRET: "dev-only-remix-auth-secret-0123456789abcdef",
    AUTH_URL: `http://localhost:${REMIX_PORT}`,
  },
});

/** Where the other app of the demo runs, for the cross-app link. */
export const webAppUrl = WEB_APP_URL ?? `http://localhost:${WEB_PORT}`;

/** Where revoked sessions are recorded: Redis when REDIS_URL is set (shared by every instance), else a file. */
export const revocationStoreConfig = { redisUrl: REDIS_URL, file: AUTH_REVOCATION_FILE };

/**
 * `pnpm bench` measures what the per-request session check costs by turning it off. Only against apps/idp: a
 * deployment without it would miss refreshes and revocations.
 */
export const skipSessionCheck = BENCH_SKIP_SESSION_CHECK === "1";
if (skipSessionCheck && !logto.usesDevelopmentDefaults) {
  throw new Error("BENCH_SKIP_SESSION_CHECK is for benchmarks against apps/idp only; unset it when AUTH_LOGTO_ISSUER is set.");
}
