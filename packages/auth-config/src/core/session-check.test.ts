import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signInThroughStandIn, startTestIdp } from "@logto-hf/dev-idp/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LogtoClient } from "../client/logto-client.js";
import { LogtoStrategy } from "../remix/strategy.js";
import { openRevocationStore } from "../stores/open-store.js";
import type { RevocationStore } from "../stores/revocation-store.js";
import { cookiesFrom } from "../test-support/cookies.js";
import { checkLogtoSession } from "./session-check.js";

const APP = "http://localhost:4996";
const client = {
  clientId: "session-test",
  clientSecret: "session-test-secret",
  name: "Session test",
  redirectUris: [`${APP}/auth/callback`],
  postLogoutRedirectUris: [`${APP}/`],
};
const now = () => Math.floor(Date.now() / 1000);

let idp: Awaited<ReturnType<typeof startTestIdp>>;
/** The app's client of the IdP, shared by every check as the app shares its one client. */
let logto: LogtoClient;
let dir: string;
let revocations: RevocationStore;
beforeAll(async () => {
  idp = await startTestIdp([client]);
  logto = new LogtoClient({ issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  dir = await mkdtemp(join(tmpdir(), "session-test-"));
  revocations = await openRevocationStore({ file: join(dir, "revocations.json"), keyPrefix: "test:" });
});
afterAll(async () => {
  await revocations.close();
  await idp.stop();
  await rm(dir, { recursive: true, force: true });
});

const options = () => ({ client: logto, revocations });
/** A client of an issuer where nothing listens. */
const unreachableClient = () =>
  new LogtoClient({ issuer: "http://127.0.0.1:1/oidc", clientId: client.clientId, clientSecret: client.clientSecret });
afterEach(() => {
  vi.restoreAllMocks();
});

async function signIn() {
  const strategy = await LogtoStrategy.create(
    {
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectURI: `${APP}/auth/callback`,
      logtoClient: logto,
    },
    async ({ tokens, claims }) => ({
      sub: claims.sub,
      sid: claims.sid,
      refreshToken: tokens.refreshToken(),
      accessToken: tokens.accessToken(),
    }),
  );
  const start = (await strategy
    .authenticate(new Request(`${APP}/auth/sign-in`))
    .catch((thrown: unknown) => thrown)) as Response;
  const { callbackUrl } = await signInThroughStandIn(start.headers.get("location")!, { account: "grace" });
  return strategy.authenticate(new Request(callbackUrl, { headers: { cookie: cookiesFrom(start) } }));
}

describe("checkLogtoSession", () => {
  it("leaves a session with a fresh access token alone", async () => {
    const session = { sub: "u1", sid: "s1", createdAt: now(), accessTokenExpiresAt: now() + 3600 };
    expect(await checkLogtoSession(session, options())).toEqual({ status: "valid" });
  });

  it("asks for a silent sign-in when the access token is about to expire and there is no refresh token", async () => {
    const session = { sub: "u1", createdAt: now(), accessTokenExpiresAt: now() + 30 };
    expect(await checkLogtoSession(session, options())).toEqual({ status: "reauthenticate" });
  });

  it("refreshes an access token close to expiry", async () => {
    const { sub, sid, refreshToken } = await signIn();
    const check = await checkLogtoSession(
      { sub, sid, createdAt: now(), accessTokenExpiresAt: now() + 30, refreshToken },
      options(),
    );
    expect(check).toMatchObject({
      status: "refreshed",
      tokens: { accessTokenExpiresAt: expect.any(Number) },
      checkedAt: expect.any(Number),
    });
  });

  it("ends a session whose refresh is refused", async () => {
    const session = {
      sub: "u1",
      createdAt: now(),
      accessTokenExpiresAt: now() - 1,
      refreshToken: "not-a-refresh-token",
    };
    expect(await checkLogtoSession(session, options())).toMatchObject({
      status: "ended",
      reason: "revoked_in_logto",
      detail: expect.stringMatching(/invalid_grant/),
    });
  });

  it("ends a session revoked by back-channel logout, by sid or by sub", async () => {
    await revocations.revokeSession("revoked-sid", now() + 600);
    const bySid = { sub: "u2", sid: "revoked-sid", createdAt: now(), accessTokenExpiresAt: now() + 3600 };
    expect(await checkLogtoSession(bySid, options())).toMatchObject({
      status: "ended",
      reason: "signed_out_elsewhere",
    });
    await revocations.revokeSubject("u3", now(), now() + 600);
    const bySub = { sub: "u3", createdAt: now() - 10, accessTokenExpiresAt: now() + 3600 };
    expect(await checkLogtoSession(bySub, options())).toMatchObject({
      status: "ended",
      reason: "signed_out_elsewhere",
    });
  });

  it("asks Logto once per interval, and ends the session when Logto refuses its access token", async () => {
    const { sub, sid, accessToken } = await signIn();
    const session = { sub, sid, createdAt: now() - 120, accessTokenExpiresAt: now() + 3600, accessToken };
    // Not due yet: no request, nothing changes.
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 10 }, options())).toEqual({ status: "valid" });
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 61 }, options())).toEqual({
      status: "checked",
      checkedAt: expect.any(Number),
    });
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 61 }, { ...options(), checkInterval: 0 })).toEqual({
      status: "valid",
    });

    // What ends a user's access in Logto 1.37: suspending them (no back-channel logout is sent).
    const suspend = await fetch(`${idp.origin}/api/users/${sub}/is-suspended`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ isSuspended: true }),
    });
    expect(suspend.status).toBe(200);
    // Within the interval the app still trusts the session (no request per page view)...
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 10 }, options())).toEqual({ status: "valid" });
    // The check just made counts for this token, whatever cookie comes back (a client replaying an old one)...
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 61 }, options())).toEqual({
      status: "checked",
      checkedAt: expect.any(Number),
    });
    // ...and at the next check, an interval later, Logto's 401 ends it.
    const inAMinute = Date.now() + 61_000;
    vi.spyOn(Date, "now").mockReturnValue(inAMinute);
    expect(await checkLogtoSession({ ...session, checkedAt: now() - 61 }, options())).toMatchObject({
      status: "ended",
      reason: "revoked_in_logto",
      detail: expect.stringMatching(/refused the access token/),
    });
  });

  it("keeps the session when Logto cannot be reached for its periodic check", async () => {
    const session = {
      sub: "u1",
      createdAt: now() - 120,
      accessTokenExpiresAt: now() + 3600,
      accessToken: "a",
      checkedAt: now() - 61,
    };
    const unreachable = { ...options(), client: unreachableClient() };
    expect(await checkLogtoSession(session, unreachable)).toEqual({ status: "checked", checkedAt: expect.any(Number) });
  });

  it("keeps the session when the IdP cannot be reached", async () => {
    const session = { sub: "u1", createdAt: now(), accessTokenExpiresAt: now() + 30, refreshToken: "r" };
    const unreachable = { ...options(), client: unreachableClient() };
    expect(await checkLogtoSession(session, unreachable)).toEqual({ status: "valid" });
  });
});
