/**
 * Logto 1.37's Management API routes that end a user's access, at Logto's paths, with Logto's status codes and
 * bodies, without its machine-to-machine token: this IdP is for loopback development and tests only, and browsers
 * cannot send these methods cross-origin without a preflight that it never answers.
 *
 * - Suspending (`PATCH /api/users/:userId/is-suspended`) or deleting (`DELETE /api/users/:userId`) a user deletes
 *   their sessions, grants and tokens and sends no back-channel logout: an app learns it only when it next calls
 *   Logto (userinfo answers 401, a refresh `invalid_grant`).
 * - The user-sessions routes exist only with Logto's dev features on (`devFeatures`); else they answer 404, as in
 *   Logto. They delete one session at a time; only `?revokeGrants=true` revokes that session's grants and tokens,
 *   without it the apps' tokens stay valid. Logto has no route that revokes all sessions or grants at once.
 *
 * Also Logto's audit log of token exchanges, for tests that count refreshes; it carries no token, and a cross-origin
 * page cannot read it (no CORS headers).
 *
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/admin-user/basics.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/admin-user/session.ts
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { type Account, AccountRepository } from "./accounts.js";
import { HttpError, type Router, sendJson } from "./http.js";
import type { TokenExchangeLog } from "./logs.js";
import { accountSessions, type JsonStore, revokeAccountAccess } from "./store.js";

/** What the Management API routes act on. */
export interface AdminRoutesContext {
  accounts: AccountRepository;
  store: JsonStore;
  provider: Provider;
  logs: TokenExchangeLog;
  /** Logto's `DEV_FEATURES_ENABLED`: adds the user-sessions routes. */
  devFeatures: boolean;
}

export function registerAdminRoutes(
  router: Router,
  { accounts, store, provider, logs, devFeatures }: AdminRoutesContext,
): void {
  // Console → User → Suspend. 200 with the user.
  router.on("PATCH", "/api/users/:userId/is-suspended", async (req, res, params) => {
    const account = found(accounts, params.userId);
    const body = await readJson(req);
    if (typeof body.isSuspended !== "boolean")
      throw new HttpError(400, "guard.invalid_input", 'Send {"isSuspended": true} or false.');
    const updated = accounts.setSuspended(account.id, body.isSuspended) ?? account;
    if (body.isSuspended) revokeAccountAccess(store, account.id);
    sendJson(res, 200, AccountRepository.profile(updated));
  });

  // Console → User → Delete. 204, no body.
  router.on("DELETE", "/api/users/:userId", (_req, res, params) => {
    const account = found(accounts, params.userId);
    revokeAccountAccess(store, account.id);
    accounts.delete(account.id);
    noContent(res);
  });

  if (devFeatures) registerSessionRoutes(router, store, provider);

  // GET /api/logs?logKey=ExchangeTokenBy.RefreshToken&applicationId=…&userId=…: Console → Audit logs.
  router.get("/api/logs", (_req, res, _params, url) => {
    const query = url.searchParams;
    sendJson(
      res,
      200,
      logs.find({
        logKey: query.get("logKey") ?? undefined,
        applicationId: query.get("applicationId") ?? undefined,
        userId: query.get("userId") ?? undefined,
      }),
    );
  });
}

/** Logto's user-sessions routes (dev features only). A session is named by its `uid` (`payload.uid` in the list). */
function registerSessionRoutes(router: Router, store: JsonStore, provider: Provider): void {
  // 200 { sessions: [...] }; an unknown user has none.
  router.get("/api/users/:userId/sessions", (_req, res, params) => {
    sendJson(res, 200, { sessions: accountSessions(store, params.userId ?? "").map(sessionView) });
  });

  router.get("/api/users/:userId/sessions/:sessionId", (_req, res, params) => {
    const payload = accountSessions(store, params.userId ?? "").find((session) => session.uid === params.sessionId);
    if (!payload) throw new HttpError(404, "oidc.session_not_found", "Session not found.");
    sendJson(res, 200, sessionView(payload));
  });

  // 204. Without ?revokeGrants=true the session goes and its grants and tokens stay valid, as in Logto.
  router.on("DELETE", "/api/users/:userId/sessions/:sessionId", async (_req, res, params, url) => {
    const session = await provider.Session.findByUid(params.sessionId ?? "");
    if (!session) throw new HttpError(404, "oidc.session_not_found", "Session not found.");
    if (session.accountId !== params.userId)
      throw new HttpError(404, "oidc.invalid_session_account_id", "Session not found.");
    if (yes(url.searchParams.get("revokeGrants"))) {
      const grantIds = Object.values(session.authorizations ?? {}).flatMap(({ grantId }) => (grantId ? [grantId] : []));
      await Promise.all(
        grantIds.map((grantId) =>
          Promise.all([
            provider.AccessToken.revokeByGrantId(grantId),
            provider.RefreshToken.revokeByGrantId(grantId),
            provider.AuthorizationCode.revokeByGrantId(grantId),
            provider.Grant.adapter.destroy(grantId),
          ]),
        ),
      );
    }
    await session.destroy();
    noContent(res);
  });
}

/** A session as Logto lists it; this IdP records no interaction details (`lastSubmission`) or client per session. */
function sessionView(payload: { exp?: number | undefined; accountId?: string | undefined }) {
  return {
    payload,
    lastSubmission: null,
    clientId: null,
    accountId: payload.accountId ?? null,
    expiresAt: (payload.exp ?? 0) * 1000,
  };
}

/** `yes()` of @silverhand/essentials, which Logto uses to read boolean query parameters. */
function yes(value: string | null): boolean {
  return value !== null && ["1", "true", "yes", "y"].includes(value.toLowerCase());
}

export function noContent(res: ServerResponse): void {
  res.statusCode = 204;
  res.setHeader("cache-control", "no-store");
  res.end();
}

function found(accounts: AccountRepository, userId: string | undefined): Account {
  const account = userId ? accounts.find(userId) : undefined;
  if (!account) throw new HttpError(404, "entity.not_exists_with_id", `The user with ID \`${userId}\` does not exist.`);
  return account;
}

/** A JSON object body (bounded), or Logto's 400/413/415 `guard.invalid_input`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!req.headers["content-type"]?.startsWith("application/json"))
    throw new HttpError(415, "guard.invalid_input", "Send JSON.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new HttpError(413, "guard.invalid_input", "The body is too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (value !== null && typeof value === "object") return value as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new HttpError(400, "guard.invalid_input", "The body is not a JSON object.");
}
