// Microsoft Graph application permissions by name → app role ids, resolved against the Microsoft
// Graph service principal *in the tenant* (never a hard-coded id table: the tenant is the authority,
// and new or retired roles show up there first).

import { closestMatches } from "./closest.ts";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { ProblemList, type IndexedEntry } from "./config-values.ts";
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
 * one ConfigError naming every unknown, delegated-only and unaccepted privileged permission, and
 * every `allowPrivileged` entry that is not an application permission.
 */
export function resolvePermissions(
  requested: readonly string[],
  allowPrivileged: readonly string[],
  graph: GraphPermissionTables,
): readonly ResolvedPermission[] {
  const indexed = (names: readonly string[]) => names.map((value, index) => ({ index, value }));
  const { resolved, problems } = checkPermissionNames({ permissions: indexed(requested), allowPrivileged: indexed(allowPrivileged) }, graph);
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

/**
 * The names of `permissions` and `allowPrivileged` against the tenant's Microsoft Graph service
 * principal: the resolved permissions, and a problem (keyed by the entry's position as written) for
 * each name that is not an application permission or is privileged without being accepted.
 */
export function checkPermissionNames(
  names: { readonly permissions: readonly IndexedEntry[]; readonly allowPrivileged: readonly IndexedEntry[] },
  graph: GraphPermissionTables,
): { resolved: readonly ResolvedPermission[]; problems: readonly ConfigProblem[] } {
  const problems = new ProblemList();
  const accepted = new Set(names.allowPrivileged.map((p) => p.value.toLowerCase()));
  const resolved: ResolvedPermission[] = [];

  for (const { index, value: name } of names.permissions) {
    const key = `permissions[${index}]`;
    const appRoleId = has(graph.appRoleIds, name) ? graph.appRoleIds[name] : undefined;
    if (appRoleId === undefined) {
      notAnApplicationPermission(key, name, graph, problems);
      continue;
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
      continue;
    }
    resolved.push(Object.freeze({ name, appRoleId }));
  }
  // An accepted name with a typo would accept nothing, and the permission it meant would fail as
  // "privileged" with a fix the user believes applied already: name it here instead. Acceptance
  // ignores case (it is this program's list, not a name sent to Entra), so only case is forgiven.
  const applicationNames = new Set(Object.keys(graph.appRoleIds).map((n) => n.toLowerCase()));
  for (const { index, value: name } of names.allowPrivileged) {
    if (!applicationNames.has(name.toLowerCase())) notAnApplicationPermission(`allowPrivileged[${index}]`, name, graph, problems);
  }
  return { resolved: Object.freeze(resolved), problems: Object.freeze([...problems.items]) };
}

/** The problem for a name that is not an application permission: delegated-only, or unknown. */
function notAnApplicationPermission(key: string, name: string, graph: GraphPermissionTables, problems: ProblemList): void {
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
  const suggestions = closestMatches(name, Object.keys(graph.appRoleIds));
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
}
