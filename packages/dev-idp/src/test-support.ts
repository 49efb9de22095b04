/** Shared helpers for this package's tests (excluded from the build). */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import { afterAll, beforeAll } from "vitest";

import { startTestIdp, type TestIdp, type TestIdpOptions } from "./testing/test-idp.js";
import type { IdpClient, RunningIdp } from "./types.js";

export const APP_A: IdpClient = {
  clientId: "app-a",
  clientSecret: "app-a-secret",
  name: "App A",
  redirectUris: ["http://localhost:4101/callback"],
  postLogoutRedirectUris: ["http://localhost:4101/"],
  // Nothing listens there: deliveries fail fast, which must not disturb anything.
  backchannelLogoutUri: "http://localhost:4101/backchannel-logout",
};

export const APP_B: IdpClient = {
  clientId: "app-b",
  clientSecret: "app-b-secret",
  name: "App B",
  redirectUris: ["http://localhost:4102/callback"],
  postLogoutRedirectUris: ["http://localhost:4102/"],
};

/** A fresh temporary directory, for a test that owns the IdP's data (to restart it with that data). */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "idp-test-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts a test IdP with APP_A and APP_B before the file's (or block's) tests, hands it over, and stops it after them. */
export function useTestIdp(onStarted: (idp: RunningIdp) => void, options: TestIdpOptions = {}): void {
  let started: TestIdp | undefined;
  beforeAll(async () => {
    started = await startTestIdp([APP_A, APP_B], options);
    onStarted(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
}

export interface AuthRequest {
  url: string;
  state: string;
  verifier: string;
  nonce: string;
}

export function authorizationRequest(
  idp: RunningIdp,
  client: IdpClient,
  extra: Record<string, string> = {},
): AuthRequest {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(12).toString("base64url");
  const nonce = randomBytes(12).toString("base64url");
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0] ?? "",
    response_type: "code",
    scope: "openid profile email",
    state,
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  return { url: url.href, state, verifier, nonce };
}

function basicAuth(client: IdpClient): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`;
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

export async function tokenRequest(
  idp: RunningIdp,
  client: IdpClient,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: "POST",
    headers: { authorization: basicAuth(client), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function exchangeCode(
  idp: RunningIdp,
  client: IdpClient,
  callbackUrl: URL,
  request: AuthRequest,
): Promise<TokenResponse> {
  const code = callbackUrl.searchParams.get("code");
  if (!code) throw new Error(`no code in ${callbackUrl.href}`);
  const { status, body } = await tokenRequest(idp, client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUris[0] ?? "",
    code_verifier: request.verifier,
  });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body as unknown as TokenResponse;
}

export async function verifyIdToken(
  idp: RunningIdp,
  client: IdpClient,
  idToken: string,
): Promise<JWTPayload & Record<string, unknown>> {
  const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
    issuer: idp.issuer,
    audience: client.clientId,
    algorithms: ["ES384"],
  });
  if (protectedHeader.alg !== "ES384") throw new Error(`unexpected alg ${protectedHeader.alg}`);
  return payload as JWTPayload & Record<string, unknown>;
}
