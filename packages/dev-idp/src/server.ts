import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { registerAccountApi } from "./account-api.js";
import { AccountRepository } from "./accounts.js";
import { registerAdminRoutes } from "./admin.js";
import { registerRbacRoutes } from "./admin-rbac.js";
import { appHomePages } from "./app-links.js";
import { errorPage, html, page } from "./html.js";
import { HttpError, Router, sendHtml, sendJson } from "./http.js";
import { huggingFaceConnector } from "./huggingface-connector.js";
import {
  HuggingFaceStandIn,
  STANDIN_BASE_PATH,
  STANDIN_CLIENT_ID,
  STANDIN_CLIENT_SECRET,
} from "./huggingface-standin/standin.js";
import { Interactions } from "./interactions.js";
import { loadOrCreateCookieKeys, loadOrCreateJwks } from "./keys.js";
import { TokenExchangeLog } from "./logs.js";
import { createProvider } from "./provider.js";
import { RbacRepository } from "./rbac.js";
import { createAdapterFactory, JsonStore } from "./store.js";
import { TokenVault } from "./token-vault.js";
import type { IdpClient, RunningIdp, StartIdpOptions } from "./types.js";

const OIDC_PREFIX = "/oidc";
/**
 * The Hugging Face connector's scopes: the profile Logto maps, plus what the apps call the Hub with as the user (their
 * private repositories, Inference Providers).
 */
const HF_CONNECTOR_SCOPE = "openid profile email read-repos inference-api";
const DAY = 24 * 3600;

/**
 * Starts the IdP: oidc-provider under `/oidc`, its interaction pages, and the Hugging Face stand-in unless
 * `options.huggingface` names a real one. Resolves once it listens.
 *
 * @example
 * ```ts
 * const idp = await startIdp({
 *   port: 3001,
 *   dataDir: ".data",
 *   clients: defaultClients({ WEB_PORT: "3000", REMIX_PORT: "3002" }),
 * });
 * console.log(idp.issuer); // http://localhost:3001/oidc
 * ```
 */
export async function startIdp(options: StartIdpOptions): Promise<RunningIdp> {
  const logger = options.logger ?? console;
  const host = options.host ?? "127.0.0.1";
  const dataDir = path.resolve(options.dataDir);
  validateClients(options.clients);

  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (app) return app(req, res);
    res.statusCode = 503;
    res.end("starting");
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3001, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let store: JsonStore | undefined;
  try {
    const publicOrigin = new URL(options.publicOrigin ?? `http://localhost:${port}`).origin;
    const publicUrl = new URL(publicOrigin);
    const issuer = `${publicOrigin}${OIDC_PREFIX}`;
    // Server-side calls to the built-in stand-in go straight to this server.
    const internalOrigin = `http://${internalHost(host)}:${port}`;

    const [jwks, cookieKeys] = await Promise.all([
      loadOrCreateJwks(dataDir),
      options.cookieKeys?.length ? Promise.resolve(options.cookieKeys) : loadOrCreateCookieKeys(dataDir),
    ]);
    store = await JsonStore.open(path.join(dataDir, "store.json"), logger);
    const rbac = new RbacRepository(store);
    if (options.rbacSeed) rbac.seed(options.rbacSeed);
    const accounts = new AccountRepository(store, (account) => rbac.assignDefaultRoles(account.id));
    const appLinks = appHomePages(options.clients);

    const provider = createProvider({
      issuer,
      clients: options.clients,
      jwks,
      cookieKeys,
      ttl: {
        accessToken: options.ttl?.accessToken ?? 3600,
        idToken: options.ttl?.idToken ?? 3600,
        refreshToken: options.ttl?.refreshToken ?? 14 * DAY,
        session: options.ttl?.session ?? 14 * DAY,
      },
      adapter: createAdapterFactory(store),
      accounts,
      rbac,
      appLinks,
      logger,
    });
    const oidcCallback = provider.callback();

    const standIn = new HuggingFaceStandIn({
      origin: publicOrigin,
      appLinks,
      accessTokenTtl: options.standIn?.accessTokenTtl,
      refreshTokens: options.standIn?.refreshTokens,
    });
    const hf = options.huggingface
      ? {
          browserBaseUrl: stripSlash(options.huggingface.baseUrl),
          serverBaseUrl: stripSlash(options.huggingface.baseUrl),
          clientId: options.huggingface.clientId,
          clientSecret: options.huggingface.clientSecret,
          scope: HF_CONNECTOR_SCOPE,
        }
      : {
          browserBaseUrl: standIn.baseUrl,
          serverBaseUrl: `${internalOrigin}${STANDIN_BASE_PATH}`,
          clientId: STANDIN_CLIENT_ID,
          clientSecret: STANDIN_CLIENT_SECRET,
          scope: HF_CONNECTOR_SCOPE,
        };
    const hfTokenStorage = options.huggingfaceTokenStorage ?? true;
    const hfVault = new TokenVault(store, "huggingface");

    const router = new Router();
    router.on("*", `${OIDC_PREFIX}/*`, (req, res) => {
      // Mount oidc-provider under /oidc on a plain http server: keep the full URL in
      // req.originalUrl (oidc-provider derives its mount path from it) and strip the prefix.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = (req.url ?? "/").slice(OIDC_PREFIX.length) || "/";
      if (!req.url.startsWith("/")) req.url = `/${req.url}`;
      // Build every URL on the public origin (provider.proxy = true trusts these headers).
      req.headers["x-forwarded-host"] = publicUrl.host;
      req.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
      return oidcCallback(req, res);
    });
    new Interactions({
      provider,
      accounts,
      huggingface: hf,
      origin: publicOrigin,
      appLinks,
      logger,
      tokenStorage: { enabled: hfTokenStorage, vault: hfVault },
    }).register(router);
    standIn.register(router);
    registerAccountApi(router, {
      provider,
      store,
      vaults: new Map([["huggingface", { vault: hfVault, connector: huggingFaceConnector(hf, hfTokenStorage) }]]),
    });
    registerAdminRoutes(router, {
      accounts,
      store,
      provider,
      logs: new TokenExchangeLog(provider),
      devFeatures: options.devFeatures ?? false,
    });
    registerRbacRoutes(router, { rbac, accounts });
    router.get("/", (_req, res) =>
      sendHtml(res, 200, homePage(issuer, options.clients, hf.browserBaseUrl, !options.huggingface)),
    );
    router.get("/favicon.ico", (_req, res) => {
      res.statusCode = 204;
      res.end();
    });

    app = (req, res) => {
      void handle(router, req, res).catch((error: unknown) => {
        logger.error(
          `[idp] ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!res.headersSent)
          sendHtml(res, 500, errorPage({ error: "server_error", description: "An unexpected error occurred." }));
        else res.destroy();
      });
    };

    let closing: Promise<void> | undefined;
    const openStore = store;
    return {
      origin: publicOrigin,
      issuer,
      port,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1_000).unref();
          });
          await openStore.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await store?.close().catch(() => undefined);
    throw error;
  }
}

async function handle(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Parse the request target as a path only (a target like "//host/x" must not become a host).
  const target = req.url?.startsWith("/") ? req.url : "/";
  const url = new URL(`http://internal${target}`);
  const match = router.match(req.method ?? "GET", url.pathname);
  if (!("handler" in match)) {
    if (match.methodMismatch) {
      res.setHeader("allow", "GET, POST");
      return sendHtml(
        res,
        405,
        errorPage({
          title: "Method not allowed",
          error: "invalid_request",
          description: `${req.method} is not allowed here.`,
          hint: false,
        }),
      );
    }
    return sendHtml(
      res,
      404,
      errorPage({
        title: "Not found",
        error: "not_found",
        description: "There is nothing at this address.",
        hint: false,
      }),
    );
  }
  try {
    await match.handler(req, res, match.params, url);
  } catch (error) {
    if (!(error instanceof HttpError) || res.headersSent) throw error;
    // Logto's Management API errors: { code, message }.
    if (url.pathname.startsWith("/api/"))
      return sendJson(res, error.status, {
        code: error.error,
        ...(error.data !== undefined ? { data: error.data } : {}),
        message: error.description,
      });
    if (
      url.pathname.startsWith(`${STANDIN_BASE_PATH}/oauth/`) &&
      req.method === "POST" &&
      !url.pathname.endsWith("/authorize")
    ) {
      return sendJson(res, error.status, { error: error.error, error_description: error.description });
    }
    sendHtml(res, error.status, errorPage({ error: error.error, description: error.description }));
  }
}

function internalHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function validateClients(clients: IdpClient[]): void {
  if (!Array.isArray(clients)) throw new TypeError("startIdp: `clients` must be an array");
  const seen = new Set<string>();
  for (const client of clients) {
    if (!client.clientId || !client.clientSecret)
      throw new TypeError("startIdp: every client needs clientId and clientSecret");
    if (seen.has(client.clientId)) throw new TypeError(`startIdp: duplicate clientId "${client.clientId}"`);
    seen.add(client.clientId);
  }
}

function homePage(issuer: string, clients: IdpClient[], hfBase: string, standIn: boolean): string {
  return page({
    title: "Local Logto-compatible IdP",
    body: html`<h1>Local Logto-compatible IdP</h1>
<p>Issuer: <code>${issuer}</code></p>
<p><a href="${issuer}/.well-known/openid-configuration">Discovery document</a></p>
<p>Applications: ${clients.map(
      (c, i) => html`${i > 0 ? ", " : ""}<strong>${c.name}</strong> (<code>${c.clientId}</code>)`,
    )}</p>
<p>Hugging Face: ${standIn ? "built-in stand-in at " : ""}<code>${hfBase}</code></p>`,
  });
}
