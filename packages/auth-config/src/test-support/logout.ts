/** Helpers for the back-channel logout tests: a local issuer that signs logout tokens, and an HTTP receiver. */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CookieJar, signInThroughStandIn, signOutThroughIdp, type startTestIdp } from "@logto-hf/dev-idp/testing";
import { exportJWK, generateKeyPair, type JWTHeaderParameters, type JWTPayload, SignJWT } from "jose";
import type { LogtoIssuerMetadata } from "../client/discovery.js";
import { BACKCHANNEL_LOGOUT_EVENT } from "../client/logout-token.js";
import { LogtoClient } from "../client/logto-client.js";

/** Claims to set (a value of `undefined` removes the claim) and header fields for {@link TestIssuer.sign}. */
export interface TokenOverrides {
  claims?: Record<string, unknown>;
  header?: Partial<JWTHeaderParameters>;
}

export interface TestIssuer {
  issuer: string;
  clientId: string;
  metadata: LogtoIssuerMetadata;
  /** A valid logout token for {@link TestIssuer.clientId}, changed by `overrides`. */
  sign(overrides?: TokenOverrides): Promise<string>;
  stop(): Promise<void>;
}

/** An issuer on a free loopback port serving discovery and an ES384 JWKS, like Logto. */
export async function startTestIssuer(clientId = "app"): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("ES384");
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES384", use: "sig" }] });
  let metadata: LogtoIssuerMetadata | undefined;
  const server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url === "/oidc/jwks") response.end(jwks);
    else if (request.url === "/oidc/.well-known/openid-configuration") response.end(JSON.stringify(metadata));
    else response.writeHead(404).end("{}");
  });
  await listen(server);
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;
  metadata = {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/session/end`,
    id_token_signing_alg_values_supported: ["ES384"],
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
  };
  return {
    issuer,
    clientId,
    metadata,
    sign({ claims = {}, header = {} } = {}) {
      const payload: JWTPayload = {
        iss: issuer,
        aud: clientId,
        iat: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
        sub: "user-1",
        sid: "session-1",
        events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: "ES384", kid: "k1", typ: "logout+jwt", ...header })
        .sign(privateKey);
    },
    stop: () => close(server),
  };
}

/** A captured back-channel POST. */
export interface Delivery {
  contentType: string | undefined;
  body: URLSearchParams;
  response: Response;
}

export interface Receiver {
  /** `http://localhost:<port>/backchannel-logout`. */
  url: string;
  /** Resolves with the next delivery. */
  next(): Promise<Delivery>;
  stop(): Promise<void>;
}

/**
 * An HTTP server that turns each request into a fetch `Request` for `handle`, the way Next.js and Remix
 * do, and records what came in and what was answered.
 */
export async function startReceiver(
  handle: (request: Request) => Promise<Response> = async () => new Response(null, { status: 200 }),
): Promise<Receiver> {
  const waiting: ((delivery: Delivery) => void)[] = [];
  const arrived: Delivery[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const raw = await readAll(incoming);
    const url = `http://localhost${incoming.url ?? "/"}`;
    const request = new Request(url, {
      method: incoming.method ?? "GET",
      headers: incoming.headers as Record<string, string>,
      ...(incoming.method === "GET" || incoming.method === "HEAD" ? {} : { body: new Uint8Array(raw) }),
    });
    const response = await handle(request);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    outgoing.writeHead(response.status, headers);
    outgoing.end(Buffer.from(await response.clone().arrayBuffer()));
    const delivery = {
      contentType: incoming.headers["content-type"],
      body: new URLSearchParams(raw.toString("utf8")),
      response,
    };
    const resolve = waiting.shift();
    if (resolve) resolve(delivery);
    else arrived.push(delivery);
  });
  await listen(server);
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/backchannel-logout`,
    next: () => {
      const delivery = arrived.shift();
      return delivery ? Promise.resolve(delivery) : new Promise((resolve) => waiting.push(resolve));
    },
    stop: () => close(server),
  };
}

type TestIdp = Awaited<ReturnType<typeof startTestIdp>>;
interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/**
 * Signs in to the real apps/idp as `account` through the Hugging Face stand-in with a plain authorization code
 * flow (PKCE S256) and returns the verified ID token, its claims and the browser's cookie jar.
 */
export async function signInWithIdp(idp: TestIdp, client: TestClient, account = "ada") {
  const verifier = randomBytes(32).toString("base64url");
  const nonce = randomBytes(12).toString("base64url");
  const redirectUri = client.redirectUris[0]!;
  const authorization = new URL(`${idp.issuer}/auth`);
  authorization.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid profile",
    state: randomBytes(12).toString("base64url"),
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const cookieJar = new CookieJar();
  const { callbackUrl } = await signInThroughStandIn(authorization.href, { account, cookieJar });
  const code = callbackUrl.searchParams.get("code");
  if (!code) throw new Error(`No code in ${callbackUrl.href}`);
  const response = await fetch(`${idp.issuer}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`Token endpoint answered ${response.status} without an ID token`);
  const logto = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  const claims = await logto.verifyIdToken(tokens.id_token, { nonce });
  return { idToken: tokens.id_token, claims, cookieJar };
}

/** Ends the IdP session like a browser following the app's sign-out redirect. */
export async function endIdpSession(idp: TestIdp, client: TestClient, idToken: string, cookieJar: CookieJar) {
  const endSession = new URL(`${idp.issuer}/session/end`);
  endSession.search = new URLSearchParams({
    id_token_hint: idToken,
    post_logout_redirect_uri: client.postLogoutRedirectUris[0]!,
  }).toString();
  return signOutThroughIdp(endSession.href, { cookieJar });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
