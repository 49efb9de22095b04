import "server-only";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const env = z
  .object({
    WEB_PORT: port(3000),
    REMIX_PORT: port(3002),
    IDP_PORT: port(3001),
    REMIX_APP_URL: z.url().optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
    AUTH_REVOCATION_FILE: z.string().min(1).default(".data/revocations.json"),
  })
  .safeParse(process.env);
if (!env.success) {
  throw new Error(
    `Invalid environment:\n${env.error.issues.map((issue) => `  - ${String(issue.path[0])}: ${issue.message}`).join("\n")}`,
  );
}
const { WEB_PORT, REMIX_PORT, IDP_PORT, REMIX_APP_URL, REDIS_URL, AUTH_REVOCATION_FILE } = env.data;

/**
 * The web app's configuration, read once. Without AUTH_LOGTO_ISSUER it points at apps/idp on localhost with
 * the demo client registered there; with it, every Logto variable must be set.
 */
export const logto = loadLogtoConfig(process.env, {
  defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN,
  developmentDefaults: {
    AUTH_LOGTO_ISSUER: `http://localhost:${IDP_PORT}/oidc`,
    AUTH_LOGTO_ID: "web",
    AUTH_LOGTO_SECRET: "dev-web-client-secret",
    AUTH_SECRET: "dev-only-web-auth-secret-0123456789abcdef",
    AUTH_URL: `http://localhost:${WEB_PORT}`,
  },
});

/** Where the other app of the demo runs, for the cross-app link. */
export const remixAppUrl = REMIX_APP_URL ?? `http://localhost:${REMIX_PORT}`;

/** Where revoked sessions are recorded: Redis when REDIS_URL is set (shared by every instance), else a file. */
export const revocationStoreConfig = { redisUrl: REDIS_URL, file: AUTH_REVOCATION_FILE };
