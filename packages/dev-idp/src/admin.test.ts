import { describe, expect, it } from "vitest";
import { APP_A, authorizationRequest, exchangeCode, tokenRequest, useTestIdp, verifyIdToken } from "./test-support.js";
import { CookieJar, signInThroughStandIn } from "./testing.js";
import type { RunningIdp } from "./types.js";

const scope = "openid offline_access profile email";

/** The calls a test makes to one IdP. */
function client(idp: () => RunningIdp) {
  /** A signed-in user with a refresh token and an IdP session in `jar`. */
  async function signedIn(account: string) {
    const jar = new CookieJar();
    const request = authorizationRequest(idp(), APP_A, { scope, prompt: "consent" });
    const { callbackUrl } = await signInThroughStandIn(request.url, { account, cookieJar: jar });
    const tokens = await exchangeCode(idp(), APP_A, callbackUrl, request);
    const { sub } = await verifyIdToken(idp(), APP_A, tokens.id_token ?? "");
    return { jar, tokens, userId: sub as string };
  }
  const userinfoStatus = async (accessToken: string) =>
    (await fetch(`${idp().issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
  const refresh = (refreshToken: string | undefined) =>
    tokenRequest(idp(), APP_A, { grant_type: "refresh_token", refresh_token: refreshToken ?? "" });
  /** The error of a `prompt=none` request from `jar`'s browser: `login_required` once its IdP session is gone. */
  const silentError = async (jar: CookieJar) => {
    const silent = authorizationRequest(idp(), APP_A, { prompt: "none" });
    return (await signInThroughStandIn(silent.url, { cookieJar: jar })).callbackUrl.searchParams.get("error");
  };
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${idp().origin}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
  return { signedIn, userinfoStatus, refresh, silentError, admin };
}

describe("Logto's Management API without dev features (a Logto release)", () => {
  let idp: RunningIdp;
  useTestIdp((started) => (idp = started));
  const { signedIn, userinfoStatus, refresh, silentError, admin } = client(() => idp);

  it("suspending a user answers 200 with the user, ends their tokens and IdP session, and refuses their next sign-in", async () => {
    const { jar, tokens, userId } = await signedIn("grace");
    expect(await userinfoStatus(tokens.access_token)).toBe(200);

    const suspend = await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: true });
    expect(suspend.status).toBe(200);
    expect(await suspend.json()).toMatchObject({ id: userId, isSuspended: true, name: "Grace Hopper" });
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    expect((await refresh(tokens.refresh_token)).body.error).toBe("invalid_grant");
    expect(await silentError(jar)).toBe("login_required");
    const again = authorizationRequest(idp, APP_A);
    expect((await signInThroughStandIn(again.url, { account: "grace" })).callbackUrl.searchParams.get("error")).toBe(
      "access_denied",
    );

    const reinstate = await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: false });
    expect(reinstate.status).toBe(200);
    expect(await reinstate.json()).toMatchObject({ id: userId, isSuspended: false });
    const reinstated = authorizationRequest(idp, APP_A);
    expect(
      (await signInThroughStandIn(reinstated.url, { account: "grace" })).callbackUrl.searchParams.get("code"),
    ).toBeTruthy();
  });

  it("deleting a user answers 204 and ends their tokens and IdP session; their next sign-in makes a new user", async () => {
    const { jar, tokens, userId } = await signedIn("linus");
    const deleted = await admin("DELETE", `/api/users/${userId}`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    expect((await refresh(tokens.refresh_token)).body.error).toBe("invalid_grant");
    expect(await silentError(jar)).toBe("login_required");
    expect((await admin("DELETE", `/api/users/${userId}`)).status).toBe(404);
    expect((await signedIn("linus")).userId).not.toBe(userId);
  });

  it("has no user-sessions routes (404, as in Logto without dev features) and no revoke-all route", async () => {
    const { tokens, userId } = await signedIn("ada");
    expect((await admin("GET", `/api/users/${userId}/sessions`)).status).toBe(404);
    expect((await admin("DELETE", `/api/users/${userId}/sessions/anything`)).status).toBe(404);
    expect((await admin("DELETE", `/api/users/${userId}/sessions`)).status).toBe(404);
    expect((await admin("DELETE", `/api/users/${userId}/grants`)).status).toBe(404);
    expect(await userinfoStatus(tokens.access_token)).toBe(200);
  });

  it("answers bad requests with Logto's JSON errors", async () => {
    const unknown = await admin("PATCH", "/api/users/nobody/is-suspended", { isSuspended: true });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "entity.not_exists_with_id" });
    const { userId } = await signedIn("ada");
    const invalid = await admin("PATCH", `/api/users/${userId}/is-suspended`, { isSuspended: "yes" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "guard.invalid_input" });
    const notJson = await fetch(`${idp.origin}/api/users/${userId}/is-suspended`, {
      method: "PATCH",
      body: "isSuspended=true",
    });
    expect(notJson.status).toBe(415);
  });
});

describe("Logto's user-sessions routes, with dev features (DEV_FEATURES_ENABLED=true)", () => {
  let idp: RunningIdp;
  useTestIdp((started) => (idp = started), { devFeatures: true });
  const { signedIn, userinfoStatus, refresh, silentError, admin } = client(() => idp);

  interface ListedSession {
    payload: { uid: string; accountId: string; exp: number };
    accountId: string | null;
    expiresAt: number;
  }
  const sessions = async (userId: string) => {
    const response = await admin("GET", `/api/users/${userId}/sessions`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { sessions: ListedSession[] }).sessions;
  };

  it("lists a user's sessions, one per browser, in Logto's shape", async () => {
    const first = await signedIn("ada");
    const second = await signedIn("ada");
    const listed = await sessions(first.userId);
    expect(listed).toHaveLength(2);
    for (const session of listed) {
      expect(session).toMatchObject({
        accountId: first.userId,
        payload: { accountId: first.userId, kind: "Session" },
        lastSubmission: null,
      });
      expect(session.expiresAt).toBe(session.payload.exp * 1000);
    }
    const one = await admin("GET", `/api/users/${second.userId}/sessions/${listed[0]?.payload.uid}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ payload: { uid: listed[0]?.payload.uid } });
    expect(await sessions("nobody")).toEqual([]);
    await Promise.all(
      listed.map((session) =>
        admin("DELETE", `/api/users/${first.userId}/sessions/${session.payload.uid}?revokeGrants=true`),
      ),
    );
  });

  it("deleting a session without revokeGrants ends only that IdP session: its tokens stay valid", async () => {
    const { jar, tokens, userId } = await signedIn("grace");
    const [session] = await sessions(userId);
    const other = await signedIn("grace");
    const otherSession = (await sessions(userId)).find((s) => s.payload.uid !== session?.payload.uid);
    const deleted = await admin("DELETE", `/api/users/${userId}/sessions/${session?.payload.uid}`);
    expect(deleted.status).toBe(204);

    expect(await silentError(jar)).toBe("login_required");
    expect(await userinfoStatus(tokens.access_token)).toBe(200);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    // One session at a time: the user's other browser keeps its session.
    expect((await sessions(userId)).map((s) => s.payload.uid)).toEqual([otherSession?.payload.uid]);
    expect(await silentError(other.jar)).toBeNull();
  });

  it("deleting a session with revokeGrants=true also revokes its grants: userinfo answers 401, a refresh invalid_grant", async () => {
    const { jar, tokens, userId } = await signedIn("linus");
    const [session] = await sessions(userId);
    const deleted = await admin("DELETE", `/api/users/${userId}/sessions/${session?.payload.uid}?revokeGrants=true`);
    expect(deleted.status).toBe(204);

    expect(await silentError(jar)).toBe("login_required");
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    expect((await refresh(tokens.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("answers 404 for an unknown session or another user's session, and still has no revoke-all route", async () => {
    const { tokens, userId } = await signedIn("ada");
    const [session] = await sessions(userId);
    const unknown = await admin("DELETE", `/api/users/${userId}/sessions/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "oidc.session_not_found" });
    const foreign = await admin("DELETE", `/api/users/someone-else/sessions/${session?.payload.uid}?revokeGrants=true`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: "oidc.invalid_session_account_id" });
    expect((await admin("GET", `/api/users/${userId}/sessions/nope`)).status).toBe(404);
    expect((await admin("DELETE", `/api/users/${userId}/sessions`)).ok).toBe(false);
    expect(await userinfoStatus(tokens.access_token)).toBe(200);
  });
});
