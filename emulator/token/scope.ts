// Resolving the client-credentials `scope` to one resource service principal, with the
// errors Entra gives for scopes that are not `<resource>/.default`.
import { AADSTS } from "../errors.ts";
import type { AadstsDefinition } from "../errors.ts";
import type { ServicePrincipalRecord } from "../store/types.ts";

// OpenID Connect scopes that clients may add; they name no resource and are ignored here.
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export type ScopeResult =
  | { ok: true; resource: ServicePrincipalRecord; audience: string }
  | { ok: false; error: AadstsDefinition; args: string[] };

const trimSlash = (value: string): string => value.replace(/\/+$/, "");

/** The resource a scope item names; bare permission names ("User.Read") count as one unnamed resource. */
function resourceOf(item: string): string {
  if (item.toLowerCase().endsWith("/.default")) return trimSlash(item.slice(0, -"/.default".length)).toLowerCase();
  const slash = item.lastIndexOf("/");
  return slash > 0 ? trimSlash(item.slice(0, slash)).toLowerCase() : "";
}

export function resolveScope(
  scope: string, servicePrincipals: readonly ServicePrincipalRecord[], localGraphIdentifiers: readonly string[],
  graphSpId: string, tenantLabel: string,
): ScopeResult {
  const items = scope.split(/\s+/).filter((item) => item.length > 0 && !OIDC_SCOPES.has(item.toLowerCase()));
  if (items.length === 0) return { ok: false, error: AADSTS.INVALID_SCOPE, args: [scope] };
  const resources = new Set(items.map(resourceOf));
  if (resources.size > 1) return { ok: false, error: AADSTS.SCOPE_MULTIPLE_RESOURCES, args: [scope] };
  const notDefault = items.find((item) => !item.toLowerCase().endsWith("/.default"));
  if (notDefault !== undefined) return { ok: false, error: AADSTS.SCOPE_NOT_DEFAULT, args: [scope] };
  const identifier = trimSlash((items[0] ?? "").slice(0, -"/.default".length));
  if (identifier.length === 0) return { ok: false, error: AADSTS.INVALID_SCOPE, args: [scope] };

  const wanted = identifier.toLowerCase();
  if (localGraphIdentifiers.some((local) => trimSlash(local).toLowerCase() === wanted)) {
    const graph = servicePrincipals.find((sp) => sp.id === graphSpId);
    if (graph) return { ok: true, resource: graph, audience: identifier };
  }
  const resource = servicePrincipals.find((sp) => sp.servicePrincipalNames.some((name) => trimSlash(name).toLowerCase() === wanted));
  if (!resource) return { ok: false, error: AADSTS.RESOURCE_NOT_FOUND, args: [identifier, tenantLabel] };
  return { ok: true, resource, audience: identifier };
}
