/**
 * Helpers for the in-process tests of the framework integrations: the real IdP with the app registered (its
 * back-channel logout delivered to the app's handler), the app's configuration, and a browser that keeps the app's
 * cookies and goes through the IdP's pages.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RbacSeed } from "@logto-hf/dev-idp";
import {
  CookieJar,
  signInThroughStandIn,
  signOutThroughIdp,
  startTestIdp,
  type TestIdp,
} from "@logto-hf/dev-idp/testing";
import { loadLogtoConfig } from "../config/load-config.js";
import type { LogtoConfig } from "../config/types.js";
import { cookiesFrom } from "./cookies.js";
import { type Delivery, startReceiver } from "./logout.js";

export const AUTH_SECRET = "integration-test-secret-integration-test-secret";

/** An OAuth application registered with the test IdP. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
}

export interface IntegrationIdp {
  idp: TestIdp;
  /** The app under test. */
  client: RegisteredClient;
  /** Another app of the SSO, to hold a Logto session the app under test can find silently. */
  otherClient: RegisteredClient;
  /** The app's configuration, as `loadLogtoConfig` reads it, with a revocation file of this test file's own. */
  config(env?: Record<string, string>): LogtoConfig;
  /**
   * What the IdP's token endpoint answers (the status) to the app spending `refreshToken`, bypassing the app's client.
   */
  refreshStatus(refreshToken: string): Promise<number>;
  /** Resolves with the IdP's next back-channel logout delivery to the app, once the app answered it. */
  nextBackchannelLogout(): Promise<Delivery>;
  stop(): Promise<void>;
}

/**
 * Starts the IdP with the app at `appUrl` registered (redirect URI `appUrl + callbackPath`, post sign-out `appUrl/`),
 * its back-channel logout POSTed to `backchannelLogout` (the app's handler, called with a fetch `Request`).
 */
export async function startIntegrationIdp(
  appUrl: string,
  callbackPath: string,
  backchannelLogout: (request: Request) => Promise<Response>,
  ttl?: { accessToken?: number },
  rbacSeed?: RbacSeed,
): Promise<IntegrationIdp> {
  const receiver = await startReceiver(backchannelLogout);
  const dir = await mkdtemp(join(tmpdir(), "integration-test-"));
  const name = new URL(appUrl).port;
  const client = {
    clientId: `app-${name}`,
    clientSecret: `app-${name}-secret`,
    name: `App ${name}`,
    redirectUris: [`${appUrl}${callbackPath}`],
    postLogoutRedirectUris: [`${appUrl}/`],
    backchannelLogoutUri: receiver.url,
  };
  const otherClient = {
    clientId: `other-${name}`,
    clientSecret: `other-${name}-secret`,
    name: `Other ${name}`,
    redirectUris: ["http://localhost:4000/callback"],
    postLogoutRedirectUris: ["http://localhost:4000/"],
  };
  const idp = await startTestIdp([client, otherClient], { ...(ttl ? { ttl } : {}), ...(rbacSeed ? { rbacSeed } : {}) });
  return {
    idp,
    client,
    otherClient,
    config: (env = {}) =>
      loadLogtoConfig({
        AUTH_LOGTO_ISSUER: idp.issuer,
        AUTH_LOGTO_ID: client.clientId,
        AUTH_LOGTO_SECRET: client.clientSecret,
        AUTH_SECRET,
        AUTH_URL: appUrl,
        AUTH_REVOCATION_FILE: join(dir, "revocations.json"),
        ...env,
      }),
    async refreshStatus(refreshToken) {
      const response = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
      });
      await response.body?.cancel();
      return response.status;
    },
    nextBackchannelLogout: () => receiver.next(),
    async stop() {
      await idp.stop();
      await receiver.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Headers a browser sends with a top-level page navigation. */
export const NAVIGATION_HEADERS = {
  accept: "text/html",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
} as const;

/**
 * A browser: the app's cookies (one host-only jar for the app) and its cookie jar at the IdP. A cookie set with
 * `Max-Age` expires then, by `Date.now()` (which a test may move).
 */
export class TestBrowser {
  /** The `Cookie` header the app receives. */
  cookie = "";
  /** When each cookie set with `Max-Age` expires, epoch ms. */
  readonly #expiresAt = new Map<string, number>();
  constructor(
    readonly appUrl: string,
    /** The browser's cookies at the IdP: pass a jar that holds a Logto session to start signed in there. */
    readonly idp = new CookieJar(),
  ) {}

  /** A top-level navigation to `path` of the app. */
  navigate(path: string, headers: Record<string, string> = {}): Request {
    return this.request(path, { headers: { ...NAVIGATION_HEADERS, ...headers } });
  }

  /** Any request to `path` of the app (or an absolute URL), with the app's cookies. */
  request(path: string | URL, init: RequestInit = {}): Request {
    this.#dropExpired();
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    return new Request(new URL(path, this.appUrl), { ...init, headers });
  }

  /** A same-origin form POST to `path`. */
  post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}): Request {
    return this.request(path, {
      method: "POST",
      headers: {
        origin: new URL(this.appUrl).origin,
        "sec-fetch-site": "same-origin",
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(form),
    });
  }

  /** Keeps the cookies a response of the app sets, and gives the response back. */
  keep<T extends Response>(response: T): T {
    this.cookie = cookiesFrom(response, this.cookie);
    for (const header of response.headers.getSetCookie()) {
      const name = header.slice(0, header.indexOf("="));
      const maxAge = /;\s*max-age=(\d+)/i.exec(header)?.[1];
      if (maxAge === undefined) this.#expiresAt.delete(name);
      else this.#expiresAt.set(name, Date.now() + Number(maxAge) * 1000);
    }
    return response;
  }

  #dropExpired(): void {
    const now = Date.now();
    const expired = [...this.#expiresAt].filter(([, at]) => at <= now).map(([name]) => name);
    if (expired.length === 0) return;
    for (const name of expired) this.#expiresAt.delete(name);
    this.cookie = this.cookie
      .split("; ")
      .filter((pair) => pair && !expired.includes(pair.slice(0, pair.indexOf("="))))
      .join("; ");
  }

  /** Keeps the cookies of a loader's `headers`. */
  keepHeaders(headers: Headers): void {
    this.keep(new Response(null, { headers }));
  }

  /** The value of the app's cookie `name`, or `undefined`. */
  get(name: string): string | undefined {
    this.#dropExpired();
    const pair = this.cookie.split("; ").find((each) => each.startsWith(`${name}=`));
    return pair?.slice(name.length + 1);
  }

  /** Follows a redirect to the IdP through its pages (signing in as `account` where it asks) back to the app. */
  async throughIdp(response: Response, account = "ada"): Promise<URL> {
    const location = response.headers.get("location");
    if (!location) throw new Error(`Expected a redirect to the IdP, got ${response.status}`);
    const { callbackUrl } = await signInThroughStandIn(location, { account, cookieJar: this.idp });
    return callbackUrl;
  }

  /** Follows a redirect to the IdP's end-session endpoint, confirming the sign-out; where the IdP sends the browser. */
  async signOutAtIdp(response: Response): Promise<URL | undefined> {
    const { redirectUrl } = await signOutThroughIdp(response.headers.get("location")!, { cookieJar: this.idp });
    return redirectUrl;
  }
}

/** The `Response` a promise rejects with (how Remix loaders and Next.js's server functions redirect). */
export async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("Expected a thrown Response, but the promise resolved");
}

/** Suspends a user in the IdP's Management API (Logto sends no back-channel logout for it). */
export async function suspendUser(idp: TestIdp, userId: string): Promise<void> {
  const response = await fetch(`${idp.origin}/api/users/${userId}/is-suspended`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ isSuspended: true }),
  });
  if (response.status !== 200) throw new Error(`Suspending ${userId} answered ${response.status}`);
}
