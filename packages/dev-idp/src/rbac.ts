/**
 * Logto's role-based access control, as its Management API shows it: API resources (an `indicator`, RFC 8707) with
 * their scopes, user roles holding scopes, and the roles of each user. A user's access token for a resource carries
 * the scopes their roles grant among those asked for (see `provider.ts`).
 *
 * @see https://github.com/logto-io/logto/blob/master/packages/core/src/oidc/resource.ts
 */
import { randomInt } from "node:crypto";

import type { JsonStore } from "./store.js";

/** Logto OSS names its one tenant `default`. */
const TENANT_ID = "default";
const NS = { resources: "resources", scopes: "scopes", roles: "roles", userRoles: "users-roles" } as const;
/** Logto's default lifetime of a resource's access tokens, in seconds. */
export const DEFAULT_ACCESS_TOKEN_TTL = 3600;

/** `GET /api/resources/:id`. */
export interface ApiResource {
  tenantId: string;
  id: string;
  name: string;
  indicator: string;
  isDefault: boolean;
  accessTokenTtl: number;
}

/** `GET /api/resources/:resourceId/scopes`. */
export interface ResourceScope {
  tenantId: string;
  id: string;
  resourceId: string;
  name: string;
  description: string | null;
  createdAt: number;
}

/** `GET /api/roles/:id`; the scope IDs are kept beside it, as Logto's `roles_scopes` table does. */
export interface Role {
  tenantId: string;
  id: string;
  name: string;
  description: string;
  type: "User";
  isDefault: boolean;
}

interface StoredRole extends Role {
  scopeIds: string[];
}

/** What {@link RbacRepository.seed} creates when it is missing: resources with scopes, and roles naming scopes. */
export interface RbacSeed {
  resources: {
    name: string;
    indicator: string;
    accessTokenTtl?: number;
    scopes: { name: string; description?: string }[];
  }[];
  /** `scopes`: `{ indicator, name }` of a scope above. `isDefault`: given to every new user, as in Logto. */
  roles: {
    name: string;
    description: string;
    isDefault?: boolean;
    scopes: { indicator: string; name: string }[];
  }[];
}

/** Logto's `generateStandardId()`: 21 lowercase alphanumerics. */
function standardId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  let id = "";
  for (let i = 0; i < 21; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

export class RbacRepository {
  constructor(private readonly store: JsonStore) {}

  resources(): ApiResource[] {
    return [...this.store.entries<ApiResource>(NS.resources)].map(([, resource]) => resource);
  }

  resource(id: string): ApiResource | undefined {
    return this.store.get<ApiResource>(NS.resources, id);
  }

  resourceByIndicator(indicator: string): ApiResource | undefined {
    return this.resources().find((resource) => resource.indicator === indicator);
  }

  createResource(input: { name: string; indicator: string; accessTokenTtl?: number }): ApiResource {
    const resource: ApiResource = {
      tenantId: TENANT_ID,
      id: standardId(),
      name: input.name,
      indicator: input.indicator,
      isDefault: false,
      accessTokenTtl: input.accessTokenTtl ?? DEFAULT_ACCESS_TOKEN_TTL,
    };
    this.store.set(NS.resources, resource.id, resource);
    return resource;
  }

  /** Deletes a resource with its scopes, which leave every role (Logto's foreign keys cascade). */
  deleteResource(id: string): void {
    for (const scope of this.scopes(id)) this.deleteScope(scope.id);
    this.store.delete(NS.resources, id);
  }

  scopes(resourceId: string): ResourceScope[] {
    return [...this.store.entries<ResourceScope>(NS.scopes)]
      .map(([, scope]) => scope)
      .filter((scope) => scope.resourceId === resourceId);
  }

  scope(id: string): ResourceScope | undefined {
    return this.store.get<ResourceScope>(NS.scopes, id);
  }

  createScope(resourceId: string, input: { name: string; description?: string | null | undefined }): ResourceScope {
    const scope: ResourceScope = {
      tenantId: TENANT_ID,
      id: standardId(),
      resourceId,
      name: input.name,
      description: input.description ?? null,
      createdAt: Date.now(),
    };
    this.store.set(NS.scopes, scope.id, scope);
    return scope;
  }

  deleteScope(id: string): void {
    this.store.delete(NS.scopes, id);
    for (const [, role] of [...this.store.entries<StoredRole>(NS.roles)]) {
      if (role.scopeIds.includes(id)) this.#saveRole({ ...role, scopeIds: role.scopeIds.filter((s) => s !== id) });
    }
  }

  roles(): Role[] {
    return [...this.store.entries<StoredRole>(NS.roles)].map(([, role]) => publicRole(role));
  }

  role(id: string): Role | undefined {
    const role = this.store.get<StoredRole>(NS.roles, id);
    return role && publicRole(role);
  }

  roleByName(name: string): Role | undefined {
    return this.roles().find((role) => role.name === name);
  }

  createRole(input: { name: string; description: string; isDefault?: boolean | undefined }): Role {
    const role: StoredRole = {
      tenantId: TENANT_ID,
      id: standardId(),
      name: input.name,
      description: input.description,
      type: "User",
      isDefault: input.isDefault ?? false,
      scopeIds: [],
    };
    this.#saveRole(role);
    return publicRole(role);
  }

  /** Deletes a role, which leaves every user that had it. */
  deleteRole(id: string): void {
    this.store.delete(NS.roles, id);
    for (const [userId, roleIds] of [...this.store.entries<string[]>(NS.userRoles)]) {
      if (roleIds.includes(id))
        this.store.set(
          NS.userRoles,
          userId,
          roleIds.filter((r) => r !== id),
        );
    }
  }

  roleScopes(roleId: string): ResourceScope[] {
    const role = this.store.get<StoredRole>(NS.roles, roleId);
    return (role?.scopeIds ?? []).flatMap((id) => this.scope(id) ?? []);
  }

  addRoleScopes(roleId: string, scopeIds: readonly string[]): void {
    const role = this.store.get<StoredRole>(NS.roles, roleId);
    if (role) this.#saveRole({ ...role, scopeIds: [...new Set([...role.scopeIds, ...scopeIds])] });
  }

  removeRoleScope(roleId: string, scopeId: string): void {
    const role = this.store.get<StoredRole>(NS.roles, roleId);
    if (role) this.#saveRole({ ...role, scopeIds: role.scopeIds.filter((id) => id !== scopeId) });
  }

  userRoles(userId: string): Role[] {
    return (this.store.get<string[]>(NS.userRoles, userId) ?? []).flatMap((id) => this.role(id) ?? []);
  }

  assignRoles(userId: string, roleIds: readonly string[]): void {
    const current = this.store.get<string[]>(NS.userRoles, userId) ?? [];
    this.store.set(NS.userRoles, userId, [...new Set([...current, ...roleIds])]);
  }

  removeUserRole(userId: string, roleId: string): void {
    const current = this.store.get<string[]>(NS.userRoles, userId) ?? [];
    this.store.set(
      NS.userRoles,
      userId,
      current.filter((id) => id !== roleId),
    );
  }

  /** Logto gives a new user its default roles when it creates the user. */
  assignDefaultRoles(userId: string): void {
    const defaults = this.roles().filter((role) => role.isDefault);
    if (defaults.length > 0)
      this.assignRoles(
        userId,
        defaults.map((role) => role.id),
      );
  }

  /**
   * The names of the scopes of the resource `indicator` that the user's roles grant: what Logto's
   * `getResourceServerInfo` offers for that user, and so the most a token for it can carry.
   */
  userScopeNames(userId: string, indicator: string): string[] {
    const resource = this.resourceByIndicator(indicator);
    if (!resource) return [];
    const names = new Set<string>();
    for (const role of this.userRoles(userId)) {
      for (const scope of this.roleScopes(role.id)) if (scope.resourceId === resource.id) names.add(scope.name);
    }
    return [...names].sort();
  }

  /** Creates what `seed` names and is missing (by indicator, scope name and role name): safe at every start. */
  seed(seed: RbacSeed): void {
    for (const input of seed.resources) {
      const resource = this.resourceByIndicator(input.indicator) ?? this.createResource(input);
      const existing = new Set(this.scopes(resource.id).map((scope) => scope.name));
      for (const scope of input.scopes) if (!existing.has(scope.name)) this.createScope(resource.id, scope);
    }
    for (const input of seed.roles) {
      const role = this.roleByName(input.name) ?? this.createRole(input);
      const scopeIds = input.scopes.map(({ indicator, name }) => {
        const resource = this.resourceByIndicator(indicator);
        const scope = resource && this.scopes(resource.id).find((s) => s.name === name);
        if (!scope) throw new TypeError(`startIdp: the seed's role "${input.name}" names an unknown scope ${name}`);
        return scope.id;
      });
      this.addRoleScopes(role.id, scopeIds);
    }
  }

  #saveRole(role: StoredRole): void {
    this.store.set(NS.roles, role.id, role);
  }
}

function publicRole({ scopeIds: _, ...role }: StoredRole): Role {
  return role;
}
