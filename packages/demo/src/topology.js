// The demo's wiring, in one place: where its three servers listen, the two apps registered with the local IdP, and
// the development defaults that point each app at it. Nothing here starts a server.
import { portFromEnv } from "./port.js";

/** @type {typeof import("./topology.js").demoServers} */
export const demoServers = {
  web: { portVariable: "WEB_PORT", defaultPort: 3000 },
  idp: { portVariable: "IDP_PORT", defaultPort: 3001 },
  remix: { portVariable: "REMIX_PORT", defaultPort: 3002 },
};

/** @type {typeof import("./topology.js").demoPort} */
export const demoPort = (env, server) =>
  portFromEnv(env, demoServers[server].portVariable, demoServers[server].defaultPort);

// Development only: the apps refuse them in production (@logto-hf/auth-config knows them as the committed secrets).
const secrets = {
  web: { client: "dev-web-client-secret", session: "dev-only-web-auth-secret-0123456789abcdef" },
  remix: { client: "dev-remix-client-secret", session: "dev-only-remix-auth-secret-0123456789abcdef" },
};

/** @type {(env: import("./port.js").Env, app: import("./topology.js").DemoApp) => string} */
const localUrl = (env, app) => `http://localhost:${demoPort(env, app)}`;

/** @type {typeof import("./topology.js").demoClients} */
export const demoClients = (env) => {
  const web = localUrl(env, "web");
  const remix = localUrl(env, "remix");
  return [
    {
      clientId: "web",
      clientSecret: secrets.web.client,
      name: "Web (Next.js)",
      redirectUris: [`${web}/api/auth/callback/logto`],
      postLogoutRedirectUris: [`${web}/`],
      backchannelLogoutUri: `${web}/api/auth/backchannel-logout`,
    },
    {
      clientId: "remix",
      clientSecret: secrets.remix.client,
      name: "Remix",
      redirectUris: [`${remix}/auth/callback`],
      postLogoutRedirectUris: [`${remix}/`],
      backchannelLogoutUri: `${remix}/auth/backchannel-logout`,
    },
  ];
};

/** @type {(env: import("./port.js").Env, app: import("./topology.js").DemoApp) => string} */
const publicUrl = (env, app) => {
  const name = app === "web" ? "WEB_APP_URL" : "REMIX_APP_URL";
  const value = env[name]?.trim();
  if (!value) return localUrl(env, app);
  if (!URL.canParse(value)) throw new Error(`${name} must be a URL, got "${value}"`);
  return value;
};

/** @type {typeof import("./topology.js").demoApp} */
export const demoApp = (app, env) => {
  // Against a real issuer the local IdP's port means nothing to the app: a stray IDP_PORT must not stop it.
  const idpPort = env.AUTH_LOGTO_ISSUER?.trim() ? demoServers.idp.defaultPort : demoPort(env, "idp");
  return {
    developmentDefaults: {
      AUTH_LOGTO_ISSUER: `http://localhost:${idpPort}/oidc`,
      AUTH_LOGTO_ID: app,
      AUTH_LOGTO_SECRET: secrets[app].client,
      AUTH_SECRET: secrets[app].session,
      AUTH_URL: localUrl(env, app),
    },
    otherAppUrl: publicUrl(env, app === "web" ? "remix" : "web"),
    huggingFaceHubUrl: hubUrl(env, idpPort),
  };
};

/** @type {(env: import("./port.js").Env, idpPort: number) => string} */
const hubUrl = (env, idpPort) => {
  const value = env.HF_HUB_URL?.trim();
  if (value) {
    if (!URL.canParse(value)) throw new Error(`HF_HUB_URL must be a URL, got "${value}"`);
    return value.replace(/\/+$/, "");
  }
  // The local IdP's Hugging Face stand-in serves the Hub API the demo calls; a real Logto signs in with the real one.
  return env.AUTH_LOGTO_ISSUER?.trim() ? "https://huggingface.co" : `http://localhost:${idpPort}/huggingface`;
};
