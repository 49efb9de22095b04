import { type LogtoNextConfig, UserScope } from "@logto/next";

const port = process.env.PEER_NEXT_PORT ?? "4603";

/** This app's public base URL: the callback is `${baseUrl}/callback`. */
export const baseUrl = (process.env.PEER_NEXT_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");

/** The configuration from Logto's "Next.js (App Router)" quick start, read from the environment. */
export const logtoConfig: LogtoNextConfig = {
  endpoint: process.env.LOGTO_ENDPOINT ?? "http://localhost:4601",
  appId: process.env.LOGTO_APP_ID ?? "peer-next",
  appSecret: process.env.LOGTO_APP_SECRET ?? "dev-peer-next-secret",
  baseUrl,
  // At least 32 characters (the SDK encrypts its session cookie with it).
  cookieSecret: process.env.LOGTO_COOKIE_SECRET ?? "dev-peer-next-cookie-secret-change-me-0123456789",
  cookieSecure: baseUrl.startsWith("https:"),
  // openid, profile and offline_access are always added by the SDK.
  scopes: [UserScope.Email],
};

/** Straight to the Hugging Face connector, skipping Logto's sign-in page. */
export const directSignIn = { method: "social", target: "huggingface" } as const;
