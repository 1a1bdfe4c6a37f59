// Microsoft Graph application permissions by name → app role ids, resolved against the Microsoft
// Graph service principal *in the tenant* (never a hard-coded id table: the tenant is the authority,
// and new or retired roles show up there first).

import { closestMatches } from "./closest.ts";
import { ConfigError } from "./errors.ts";
import { ProblemList } from "./configValues.ts";
import { isPrivileged, NARROWER_ALTERNATIVES } from "./privileged.ts";

/** Microsoft Graph's application (client) id, the same in every tenant and national cloud. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/**
 * The two maps of `azuread.getServicePrincipal({ clientId: GRAPH_APP_ID })` (@pulumi/azuread 6.9.1
 * GetServicePrincipalResult): app role value → id (application permissions) and scope value → id
 * (delegated permissions).
 */
export interface GraphPermissionTables {
  readonly appRoleIds: Readonly<Record<string, string>>;
  readonly oauth2PermissionScopeIds: Readonly<Record<string, string>>;
}

export interface ResolvedPermission {
  /** The name as the Graph service principal spells it. */
  readonly name: string;
  /** The app role id to assign (admin consent) and to list in requiredResourceAccess. */
  readonly appRoleId: string;
}

const REFERENCE = "https://learn.microsoft.com/graph/permissions-reference";

function has(map: Readonly<Record<string, string>>, key: string): boolean {
  return Object.hasOwn(map, key);
}

/**
 * For a name that exists only as a delegated scope: the application permission to use instead.
 * Graph's convention is that a delegated `X.Y` acting on the signed-in user's own data has the
 * tenant-wide application counterpart `X.Y.All` (User.Read → User.Read.All); a delegated variant
 * such as `Mail.Read.Shared` has its parent (`Mail.Read`). Otherwise: the closest application names.
 */
export function applicationCounterpart(name: string, graph: GraphPermissionTables): string[] {
  const candidates = [`${name}.All`];
  const segments = name.split(".");
  if (segments.length > 2) {
    const parent = segments.slice(0, -1).join(".");
    candidates.push(parent, `${parent}.All`);
  }
  const direct = candidates.filter((c) => has(graph.appRoleIds, c));
  return direct.length > 0 ? direct : closestMatches(name, Object.keys(graph.appRoleIds));
}

/**
 * Resolves each requested name (already shape-checked and de-duplicated by parseConfig) or throws
 * one ConfigError naming every unknown, delegated-only and unaccepted privileged permission.
 */
export function resolvePermissions(
  requested: readonly string[],
  allowPrivileged: readonly string[],
  graph: GraphPermissionTables,
): readonly ResolvedPermission[] {
  const problems = new ProblemList();
  const accepted = new Set(allowPrivileged.map((p) => p.toLowerCase()));
  const appRoleNames = Object.keys(graph.appRoleIds);
  const resolved: ResolvedPermission[] = [];

  requested.forEach((name, i) => {
    const key = `permissions[${i}]`;
    const appRoleId = has(graph.appRoleIds, name) ? graph.appRoleIds[name] : undefined;
    if (appRoleId === undefined) {
      if (has(graph.oauth2PermissionScopeIds, name)) {
        const instead = applicationCounterpart(name, graph);
        problems.add(
          key,
          "PERMISSION_DELEGATED_ONLY",
          name,
          "is a delegated permission (for apps acting as a signed-in user); a daemon using client credentials needs an application permission.",
          instead.length > 0
            ? `use the application permission ${instead[0]} instead.`
            : `Microsoft Graph has no application permission of that name; pick one from ${REFERENCE}.`,
          instead,
        );
        return;
      }
      const suggestions = closestMatches(name, appRoleNames);
      const caseOnly = suggestions[0]?.toLowerCase() === name.toLowerCase();
      problems.add(
        key,
        "PERMISSION_UNKNOWN",
        name,
        caseOnly
          ? "differs from a Microsoft Graph permission only in case, and permission names are case-sensitive."
          : "is not an application permission of Microsoft Graph in this tenant.",
        suggestions.length > 0 ? `did you mean ${suggestions.join(" or ")}?` : `check the name in ${REFERENCE}.`,
        suggestions,
      );
      return;
    }
    if (isPrivileged(name) && !accepted.has(name.toLowerCase())) {
      const narrower = (NARROWER_ALTERNATIVES[name] ?? []).filter((n) => has(graph.appRoleIds, n));
      problems.add(
        key,
        "PERMISSION_PRIVILEGED",
        name,
        "is a high-privilege permission (tenant-wide write, role or consent management, or all-data access).",
        (narrower.length > 0 ? `use a narrower permission if it covers the need (${narrower.join(", ")}), or ` : "") +
          `accept it explicitly by adding ${name} to the allowPrivileged list in Pulumi.<stack>.yaml.`,
        narrower,
      );
      return;
    }
    resolved.push(Object.freeze({ name, appRoleId }));
  });

  if (problems.items.length > 0) throw new ConfigError(problems.items);
  return Object.freeze(resolved);
}
