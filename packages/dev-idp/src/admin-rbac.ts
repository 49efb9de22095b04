/**
 * Logto 1.37's Management API routes for API resources, their scopes, roles and user roles, at Logto's paths with
 * Logto's status codes and bodies: what an adopter's setup script, the demo and the tests call. Without Logto's
 * machine-to-machine token, like the other routes of `admin.ts` (loopback development and tests only).
 *
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/resource.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/resource.scope.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/role.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/role.scope.ts
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/routes/admin-user/role.ts
 */
import type { ServerResponse } from "node:http";

import type { AccountRepository } from "./accounts.js";
import { noContent, readJson } from "./admin.js";
import { HttpError, type Router, sendJson } from "./http.js";
import type { ApiResource, RbacRepository, ResourceScope, Role } from "./rbac.js";

/** What the routes act on. */
export interface RbacRoutesContext {
  rbac: RbacRepository;
  accounts: AccountRepository;
}

export function registerRbacRoutes(router: Router, { rbac, accounts }: RbacRoutesContext): void {
  const resourceOf = (id: string | undefined): ApiResource => (id && rbac.resource(id)) || notFound("resource", id);
  const roleOf = (id: string | undefined): Role => (id && rbac.role(id)) || notFound("role", id);
  const userOf = (id: string | undefined) => (id && accounts.find(id)) || notFound("user", id);

  router.get("/api/resources", (_req, res, _params, url) => {
    const includeScopes = yes(url.searchParams.get("includeScopes"));
    sendJson(
      res,
      200,
      rbac
        .resources()
        .map((resource) => (includeScopes ? { ...resource, scopes: rbac.scopes(resource.id) } : resource)),
    );
  });

  // 201 with the resource and `scopes: []`; `isDefault` is set only by its own route, which this IdP leaves out.
  router.post("/api/resources", async (req, res) => {
    const body = await readJson(req);
    const name = text(body.name, "name");
    const indicator = text(body.indicator, "indicator");
    if (!URL.canParse(indicator) || indicator.includes("#"))
      throw new HttpError(400, "guard.invalid_input", "`indicator` must be an absolute URI without a fragment.");
    const ttl = body.accessTokenTtl;
    if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) <= 0))
      throw new HttpError(400, "guard.invalid_input", "`accessTokenTtl` must be a positive whole number of seconds.");
    if (rbac.resourceByIndicator(indicator))
      throw new HttpError(422, "resource.resource_identifier_in_use", `The API identifier ${indicator} is in use.`);
    const resource = rbac.createResource({
      name,
      indicator,
      ...(ttl === undefined ? {} : { accessTokenTtl: ttl as number }),
    });
    sendJson(res, 201, { ...resource, scopes: [] });
  });

  router.get("/api/resources/:id", (_req, res, params) => sendJson(res, 200, resourceOf(params.id)));

  router.on("DELETE", "/api/resources/:id", (_req, res, params) => {
    rbac.deleteResource(resourceOf(params.id).id);
    noContent(res);
  });

  router.get("/api/resources/:resourceId/scopes", (_req, res, params) =>
    sendJson(res, 200, rbac.scopes(resourceOf(params.resourceId).id)),
  );

  // 201 with the scope; a name with a space is refused, as is a name the resource already has.
  router.post("/api/resources/:resourceId/scopes", async (req, res, params) => {
    const resource = resourceOf(params.resourceId);
    const body = await readJson(req);
    const name = text(body.name, "name");
    if (/\s/.test(name))
      throw new HttpError(400, "scope.name_with_space", "The name of the scope cannot contain spaces.");
    if (rbac.scopes(resource.id).some((scope) => scope.name === name))
      throw new HttpError(422, "scope.name_exists", `The scope name ${name} is already in use.`);
    const description = typeof body.description === "string" ? body.description : null;
    sendJson(res, 201, rbac.createScope(resource.id, { name, description }));
  });

  router.on("DELETE", "/api/resources/:resourceId/scopes/:scopeId", (_req, res, params) => {
    resourceOf(params.resourceId);
    rbac.deleteScope(params.scopeId ?? "");
    noContent(res);
  });

  router.get("/api/roles", (_req, res) => {
    sendJson(
      res,
      200,
      rbac.roles().map((role) => {
        const users = [...usersWith(role.id)];
        return {
          ...role,
          usersCount: users.length,
          featuredUsers: users.slice(0, 3).map((user) => ({ id: user.id, avatar: user.picture, name: user.name })),
          applicationsCount: 0,
          featuredApplications: [],
        };
      }),
    );
  });

  // 200 with the role (Logto answers this creation with 200, not 201); `scopeIds` are attached at once.
  router.post("/api/roles", async (req, res) => {
    const body = await readJson(req);
    const name = text(body.name, "name");
    const description = text(body.description, "description");
    if (body.type !== undefined && body.type !== "User")
      throw new HttpError(400, "guard.invalid_input", 'This IdP has user roles only (`type: "User"`).');
    if (body.isDefault !== undefined && typeof body.isDefault !== "boolean")
      throw new HttpError(400, "guard.invalid_input", "`isDefault` must be a boolean.");
    const scopeIds = idList(body.scopeIds ?? [], "scopeIds");
    if (rbac.roleByName(name)) throw new HttpError(422, "role.name_in_use", `This role name ${name} is already in use`);
    for (const id of scopeIds) scopeOf(rbac, id);
    const role = rbac.createRole({ name, description, isDefault: body.isDefault as boolean | undefined });
    rbac.addRoleScopes(role.id, scopeIds);
    sendJson(res, 200, role);
  });

  router.get("/api/roles/:id", (_req, res, params) => sendJson(res, 200, roleOf(params.id)));

  router.on("DELETE", "/api/roles/:id", (_req, res, params) => {
    rbac.deleteRole(roleOf(params.id).id);
    noContent(res);
  });

  router.get("/api/roles/:id/scopes", (_req, res, params) => {
    const role = roleOf(params.id);
    sendJson(
      res,
      200,
      rbac.roleScopes(role.id).map((scope) => withResource(rbac, scope)),
    );
  });

  // 201 with all the role's scopes; one it has already is refused (422 role.scope_exists), an unknown one 404.
  router.post("/api/roles/:id/scopes", async (req, res, params) => {
    const role = roleOf(params.id);
    const scopeIds = idList((await readJson(req)).scopeIds, "scopeIds");
    if (scopeIds.length === 0) throw new HttpError(400, "guard.invalid_input", "`scopeIds` must not be empty.");
    const existing = new Set(rbac.roleScopes(role.id).map((scope) => scope.id));
    for (const id of scopeIds) {
      if (existing.has(id)) throw new HttpError(422, "role.scope_exists", `The scope ${id} is already in this role.`);
      scopeOf(rbac, id);
    }
    rbac.addRoleScopes(role.id, scopeIds);
    sendJson(res, 201, rbac.roleScopes(role.id));
  });

  router.on("DELETE", "/api/roles/:id/scopes/:scopeId", (_req, res, params) => {
    rbac.removeRoleScope(roleOf(params.id).id, params.scopeId ?? "");
    noContent(res);
  });

  router.get("/api/users/:userId/roles", (_req, res, params) =>
    sendJson(res, 200, rbac.userRoles(userOf(params.userId).id)),
  );

  // 201, no body; roles the user has already are left as they are.
  router.post("/api/users/:userId/roles", async (req, res, params) => {
    const user = userOf(params.userId);
    const roleIds = idList((await readJson(req)).roleIds, "roleIds");
    for (const id of roleIds) roleOf(id);
    rbac.assignRoles(user.id, roleIds);
    res.statusCode = 201;
    res.setHeader("cache-control", "no-store");
    res.end();
  });

  router.on("DELETE", "/api/users/:userId/roles/:roleId", (_req, res, params) => {
    rbac.removeUserRole(params.userId ?? "", params.roleId ?? "");
    noContent(res as ServerResponse);
  });

  function* usersWith(roleId: string) {
    for (const account of accounts.all()) {
      if (rbac.userRoles(account.id).some((role) => role.id === roleId)) yield account;
    }
  }
}

function scopeOf(rbac: RbacRepository, id: string): ResourceScope {
  return rbac.scope(id) ?? notFound("scope", id);
}

/** `GET /api/roles/:id/scopes` attaches each scope's resource. */
function withResource(rbac: RbacRepository, scope: ResourceScope) {
  return { ...scope, resource: rbac.resource(scope.resourceId) };
}

function notFound(entity: string, id: string | undefined): never {
  throw new HttpError(404, "entity.not_exists_with_id", `The ${entity} with ID \`${id}\` does not exist.`);
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new HttpError(400, "guard.invalid_input", `\`${field}\` is required.`);
  return value;
}

function idList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string" && id !== ""))
    throw new HttpError(400, "guard.invalid_input", `\`${field}\` must be an array of IDs.`);
  return value as string[];
}

/** `yes()` of @silverhand/essentials, which Logto uses to read boolean query parameters. */
function yes(value: string | null): boolean {
  return value !== null && ["1", "true", "yes", "y"].includes(value.toLowerCase());
}
