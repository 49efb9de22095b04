import { existsSync } from "node:fs";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { z } from "zod";

// remix-serve and the Vite dev server do not read .env files; a developer's .env is optional.
if (existsSync(".env")) process.loadEnvFile();

const port = z.coerce.number().int().min(1).max(65535);
const schema = z.object({ WEB_PORT: port.default(3000), REMIX_PORT: port.default(3002), IDP_PORT: port.default(3001), WEB_APP_URL: z.url().optional() });
const env = schema.safeParse(process.env);
if (!env.success) throw new Error(`Invalid environment:\n${z.prettifyError(env.error)}`);
const { WEB_PORT, REMIX_PORT, IDP_PORT, WEB_APP_URL } = env.data;

/** Without AUTH_LOGTO_ISSUER, the app signs in through apps/idp on localhost with the demo client registered there. */
export const logtoConfig = loadLogtoConfig(process.env, {
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
