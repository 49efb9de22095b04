import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portFromEnv } from "@logto-hf/demo";

const port = (name: string, fallback: number) => portFromEnv(process.env, name, fallback);

/** Ports of the production servers the suite starts; distinct from `pnpm dev`'s, so both can run at once. */
export const ports = {
  web: port("E2E_WEB_PORT", 4100),
  idp: port("E2E_IDP_PORT", 4101),
  remix: port("E2E_REMIX_PORT", 4102),
  /** Second instances of the apps, as behind a load balancer: same public URL and secrets, shared Redis. */
  web2: port("E2E_WEB2_PORT", 4110),
  remix2: port("E2E_REMIX2_PORT", 4112),
  redis: port("E2E_REDIS_PORT", 4179),
  /** The apps in examples/, made by their frameworks' scaffolders plus the package README's files. */
  nextApp: port("E2E_NEXT_APP_PORT", 4130),
  reactRouterApp: port("E2E_REACT_ROUTER_APP_PORT", 4132),
};

/** While this file exists, the suite's Redis (`redis-server.mjs`) stays down once stopped (see `redis-control.ts`). */
export const redisHoldFile = join(tmpdir(), `e2e-redis-${ports.redis}.hold`);

/** Ports of the servers that some test files start for themselves, each overridable like the ones above. */
export const ownPorts = {
  /** faults.spec.ts: an IdP it stops and restarts, and both apps. */
  faults: {
    web: port("E2E_FAULTS_WEB_PORT", 4700),
    idp: port("E2E_FAULTS_IDP_PORT", 4701),
    remix: port("E2E_FAULTS_REMIX_PORT", 4702),
  },
  /** upstream.spec.ts: both apps, the gateway on the issuer's port, and the real and rogue IdPs behind it. */
  upstream: {
    web: port("E2E_UPSTREAM_WEB_PORT", 4800),
    issuer: port("E2E_UPSTREAM_ISSUER_PORT", 4801),
    remix: port("E2E_UPSTREAM_REMIX_PORT", 4802),
    realIdp: port("E2E_UPSTREAM_REAL_IDP_PORT", 4803),
    rogueIdp: port("E2E_UPSTREAM_ROGUE_IDP_PORT", 4804),
  },
  /** attacks.spec.ts: production starts with unsafe configuration (web, remix), and each app behind https. */
  attacks: {
    unsafeWeb: port("E2E_ATTACKS_UNSAFE_WEB_PORT", 4795),
    unsafeRemix: port("E2E_ATTACKS_UNSAFE_REMIX_PORT", 4796),
    httpsWeb: port("E2E_ATTACKS_HTTPS_WEB_PORT", 4797),
    httpsRemix: port("E2E_ATTACKS_HTTPS_REMIX_PORT", 4798),
  },
  /** revoked-in-logto.spec.ts: an IdP with Logto's token lifetimes, and both apps with a short check interval. */
  revoked: {
    web: port("E2E_REVOKED_WEB_PORT", 4720),
    idp: port("E2E_REVOKED_IDP_PORT", 4721),
    remix: port("E2E_REVOKED_REMIX_PORT", 4722),
  },
  /** huggingface-token.spec.ts: an IdP it restarts with token storage off and stops, and both apps. */
  huggingFace: {
    web: port("E2E_HF_WEB_PORT", 4740),
    idp: port("E2E_HF_IDP_PORT", 4741),
    remix: port("E2E_HF_REMIX_PORT", 4742),
  },
  /** server-logs.spec.ts: an IdP and both apps whose output the test reads. */
  logs: {
    web: port("E2E_LOGS_WEB_PORT", 4730),
    idp: port("E2E_LOGS_IDP_PORT", 4731),
    remix: port("E2E_LOGS_REMIX_PORT", 4732),
  },
  /** api-resources.spec.ts: an IdP it stops, both apps, and a port where no notes API answers. */
  apiResources: {
    web: port("E2E_API_RESOURCES_WEB_PORT", 4750),
    idp: port("E2E_API_RESOURCES_IDP_PORT", 4751),
    remix: port("E2E_API_RESOURCES_REMIX_PORT", 4752),
    deadApi: port("E2E_API_RESOURCES_DEAD_API_PORT", 4753),
  },
  /**
   * wrong-issuer.spec.ts: an app started with an issuer unlike the one Logto announces; ports.spec.ts: an app started
   * with a port unlike AUTH_URL's, or with its port in its .env file. One app at a time.
   */
  wrongIssuer: port("E2E_WRONG_ISSUER_PORT", 4799),
};

export const urls = {
  web: `http://localhost:${ports.web}`,
  remix: `http://localhost:${ports.remix}`,
  idp: `http://localhost:${ports.idp}`,
  issuer: `http://localhost:${ports.idp}/oidc`,
  web2: `http://localhost:${ports.web2}`,
  remix2: `http://localhost:${ports.remix2}`,
  nextApp: `http://localhost:${ports.nextApp}`,
  reactRouterApp: `http://localhost:${ports.reactRouterApp}`,
};

/**
 * The examples' clients, added to the demo's through IDP_EXTRA_CLIENTS as the README's "Add your own app to the demo"
 * says, and each example's environment: the `.env.local` lines of the package README, and its port.
 */
export const examples = {
  nextApp: {
    name: "next-app",
    client: {
      clientId: "shop",
      clientSecret: "shop-dev-secret",
      redirectUris: [`${urls.nextApp}/api/auth/callback/logto`],
      postLogoutRedirectUris: [`${urls.nextApp}/`],
      backchannelLogoutUri: `${urls.nextApp}/api/auth/backchannel-logout`,
    },
  },
  reactRouterApp: {
    name: "react-router-app",
    client: {
      clientId: "notes",
      clientSecret: "notes-dev-secret",
      redirectUris: [`${urls.reactRouterApp}/auth/callback`],
      postLogoutRedirectUris: [`${urls.reactRouterApp}/`],
      backchannelLogoutUri: `${urls.reactRouterApp}/auth/backchannel-logout`,
    },
  },
} as const;

export const exampleEnv = (example: keyof typeof examples) => ({
  AUTH_LOGTO_ISSUER: urls.issuer,
  AUTH_LOGTO_ID: examples[example].client.clientId,
  AUTH_LOGTO_SECRET: examples[example].client.clientSecret,
  AUTH_SECRET: `an-e2e-secret-for-the-${examples[example].name}-example`,
  AUTH_URL: urls[example],
  AUTH_LOGTO_DIRECT_SIGN_IN: "social:huggingface",
  PORT: String(ports[example]),
});

// The config is evaluated by the runner and again by each worker: the runner picks the folder, workers inherit it.
process.env.E2E_IDP_DATA_DIR ??= mkdtempSync(join(tmpdir(), "e2e-idp-"));

/** Access tokens live this long in the suite, so that the apps must refresh them while it runs. */
export const ACCESS_TOKEN_TTL = 70;

/** The environment of every server: each finds the others through these ports. */
export const serverEnv = {
  WEB_PORT: String(ports.web),
  REMIX_PORT: String(ports.remix),
  IDP_PORT: String(ports.idp),
  IDP_DATA_DIR: process.env.E2E_IDP_DATA_DIR,
  IDP_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL),
  IDP_EXTRA_CLIENTS: JSON.stringify([examples.nextApp.client, examples.reactRouterApp.client]),
};

/**
 * Each app's instances share revocations through Redis. A second instance listens on its own port but has the
 * first one's public URL (AUTH_URL), as it would behind a load balancer: AUTH_BEHIND_PROXY=1 says so, or the app
 * would refuse a loopback AUTH_URL on another port than its own.
 */
export const appEnv = (app: "web" | "remix", instance: 1 | 2 = 1) => ({
  ...serverEnv,
  REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
  AUTH_URL: urls[app],
  ...(instance === 2
    ? {
        AUTH_BEHIND_PROXY: "1",
        ...(app === "web" ? { WEB_PORT: String(ports.web2) } : { REMIX_PORT: String(ports.remix2) }),
      }
    : {}),
});
