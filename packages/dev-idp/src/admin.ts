/**
 * The Management API actions that end a user's access in Logto without telling the apps: Logto deletes the user's
 * sessions, grants and tokens and sends no back-channel logout. An app learns it only when it next calls Logto
 * (userinfo answers 401, a refresh `invalid_grant`). Same paths as Logto's Management API, without its
 * machine-to-machine token: this IdP is for loopback development and tests only, and browsers cannot send these
 * methods cross-origin without a preflight that it never answers. Also Logto's audit log of token exchanges, for
 * tests that count refreshes; it carries no token, and a cross-origin page cannot read it (no CORS headers).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AccountRepository } from "./accounts.js";
import { HttpError, type Router, sendJson } from "./http.js";
import type { TokenExchangeLog } from "./logs.js";
import { type JsonStore, revokeAccountAccess } from "./store.js";

export function registerAdminRoutes(router: Router, accounts: AccountRepository, store: JsonStore, logs: TokenExchangeLog): void {
  // PATCH /api/users/:userId/is-suspended {"isSuspended": true}: Console → User → Suspend.
  router.on("PATCH", "/api/users/:userId/is-suspended", async (req, res, params) => {
    const account = found(accounts, params.userId);
    const body = await readJson(req);
    if (typeof body.isSuspended !== "boolean") throw new HttpError(400, "invalid_request", 'Send {"isSuspended": true} or false.');
    accounts.setSuspended(account.id, body.isSuspended);
    if (body.isSuspended) revokeAccountAccess(store, account.id);
    sendJson(res, 200, { id: account.id, isSuspended: body.isSuspended });
  });
  // DELETE /api/users/:userId/sessions: Console → User → Sessions → Revoke (all of them).
  router.on("DELETE", "/api/users/:userId/sessions", (_req, res: ServerResponse, params) => {
    const account = found(accounts, params.userId);
    sendJson(res, 200, { id: account.id, revoked: revokeAccountAccess(store, account.id) });
  });
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

function found(accounts: AccountRepository, userId: string | undefined) {
  const account = userId ? accounts.find(userId) : undefined;
  if (!account) throw new HttpError(404, "not_found", `No user ${JSON.stringify(userId)}.`);
  return account;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!req.headers["content-type"]?.startsWith("application/json")) throw new HttpError(415, "invalid_request", "Send JSON.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new HttpError(413, "invalid_request", "The body is too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (value !== null && typeof value === "object") return value as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new HttpError(400, "invalid_request", "The body is not a JSON object.");
}
