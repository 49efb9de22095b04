import type { IdpClient } from "./types.js";

function port(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
}

/** The two demo apps, with ports from WEB_PORT (3000) and REMIX_PORT (3002) of `env` (the caller's environment). */
export function defaultClients(env: { WEB_PORT?: string | undefined; REMIX_PORT?: string | undefined }): IdpClient[] {
  const web = `http://localhost:${port(env.WEB_PORT, 3000)}`;
  const remix = `http://localhost:${port(env.REMIX_PORT, 3002)}`;
  return [
    {
      clientId: "web",
      clientSecret: "dev-web-client-secret",
      name: "Web (Next.js)",
      redirectUris: [`${web}/api/auth/callback/logto`],
      postLogoutRedirectUris: [`${web}/`],
      backchannelLogoutUri: `${web}/api/auth/backchannel-logout`,
    },
    {
      clientId: "remix",
      clientSecret: "dev-remix-client-secret",
      name: "Remix",
      redirectUris: [`${remix}/auth/callback`],
      postLogoutRedirectUris: [`${remix}/`],
      backchannelLogoutUri: `${remix}/auth/backchannel-logout`,
    },
  ];
}
