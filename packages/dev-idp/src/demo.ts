/**
 * The demo's wiring, in one place: where its three servers listen, the two apps registered with the local IdP,
 * and the development defaults that point each app at it. The apps read it only while `AUTH_LOGTO_ISSUER` is
 * unset; nothing here starts a server.
 */
import { z } from "zod";
import type { IdpClient } from "./types.js";

/** One of the demo's two apps. */
export type DemoApp = "web" | "remix";

/** The variables every server of the demo reads, so that each finds the others. */
export interface DemoEnv {
  WEB_PORT?: string | undefined;
  IDP_PORT?: string | undefined;
  REMIX_PORT?: string | undefined;
  /** Where the web app's "Open the Next.js app" link points, when it is not on localhost. */
  WEB_APP_URL?: string | undefined;
  /** Where the web app's "Open the Remix app" link points, when it is not on localhost. */
  REMIX_APP_URL?: string | undefined;
  [variable: string]: string | undefined;
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const schema = z.object({
  WEB_PORT: port(3000),
  IDP_PORT: port(3001),
  REMIX_PORT: port(3002),
  WEB_APP_URL: z.url().optional(),
  REMIX_APP_URL: z.url().optional(),
});

/** The demo's ports and app URLs, validated: a wrong value stops the server with a message naming it. */
function read(env: DemoEnv) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  const { WEB_PORT, IDP_PORT, REMIX_PORT, WEB_APP_URL, REMIX_APP_URL } = parsed.data;
  return {
    issuer: `http://localhost:${IDP_PORT}/oidc`,
    urls: { web: `http://localhost:${WEB_PORT}`, remix: `http://localhost:${REMIX_PORT}` },
    publicUrls: { web: WEB_APP_URL ?? `http://localhost:${WEB_PORT}`, remix: REMIX_APP_URL ?? `http://localhost:${REMIX_PORT}` },
  };
}

const secrets = {
  web: { client: "dev-web-client-secret", session: "dev-only-web-auth-secret-0123456789abcdef" },
  remix: { client: "dev-remix-client-secret", session: "dev-only-remix-auth-secret-0123456789abcdef" },
} as const;

/** The two demo apps as clients of the local IdP, on the ports of `env`. */
export function defaultClients(env: DemoEnv): IdpClient[] {
  const { urls } = read(env);
  return [
    {
      clientId: "web",
      clientSecret: secrets.web.client,
      name: "Web (Next.js)",
      redirectUris: [`${urls.web}/api/auth/callback/logto`],
      postLogoutRedirectUris: [`${urls.web}/`],
      backchannelLogoutUri: `${urls.web}/api/auth/backchannel-logout`,
    },
    {
      clientId: "remix",
      clientSecret: secrets.remix.client,
      name: "Remix",
      redirectUris: [`${urls.remix}/auth/callback`],
      postLogoutRedirectUris: [`${urls.remix}/`],
      backchannelLogoutUri: `${urls.remix}/auth/backchannel-logout`,
    },
  ];
}

/**
 * What one demo app needs to run against the local IdP: `loadLogtoConfig`'s development defaults (the client
 * registered above, a development secret) and where the other app is.
 */
export function demoApp(app: DemoApp, env: DemoEnv) {
  // Against a real issuer the local IdP's port means nothing to the app: a stray IDP_PORT must not stop it.
  const { issuer, urls, publicUrls } = read(env.AUTH_LOGTO_ISSUER?.trim() ? { ...env, IDP_PORT: undefined } : env);
  return {
    developmentDefaults: {
      AUTH_LOGTO_ISSUER: issuer,
      AUTH_LOGTO_ID: app,
      AUTH_LOGTO_SECRET: secrets[app].client,
      AUTH_SECRET: secrets[app].session,
      AUTH_URL: urls[app],
    },
    otherAppUrl: publicUrls[app === "web" ? "remix" : "web"],
  };
}
