// Which Graph call proves a permission works: one least-privileged, read-only GET per permission
// (`$top=1`, `$select=id`: the smallest answer). A pure table, cross-checked in the tests against
// the public permission catalog's GET paths for each permission.

export interface Probe {
  method: "GET";
  /** Path with query, relative to the Graph endpoint: "/v1.0/users?$top=1&$select=id". */
  path: string;
  /** Permissions this probe exercises (empty for a --probe the user asked for). */
  permissions: string[];
  custom: boolean;
}

const USERS = "/v1.0/users?$top=1&$select=id";
const GROUPS = "/v1.0/groups?$top=1&$select=id";
const APPLICATIONS = "/v1.0/applications?$top=1&$select=id";
const ORGANIZATION = "/v1.0/organization?$select=id"; // a singleton collection: $top adds nothing
const DEVICES = "/v1.0/devices?$top=1&$select=id";

/**
 * Permission → the safe read it grants. Write permissions appear when they also grant the read
 * (a GET never writes). Permissions absent here (e.g. Mail.Send) have no safe, tenant-wide read:
 * the roles claim is their evidence.
 */
export const SAFE_READS: Readonly<Record<string, string>> = Object.freeze({
  "User.ReadBasic.All": USERS,
  "User.Read.All": USERS,
  "User.ReadWrite.All": USERS,
  "Directory.Read.All": USERS,
  "Directory.ReadWrite.All": USERS,
  "Group.Read.All": GROUPS,
  "Group.ReadWrite.All": GROUPS,
  "GroupMember.Read.All": GROUPS,
  "Application.Read.All": APPLICATIONS,
  "Application.ReadWrite.All": APPLICATIONS,
  "Application.ReadWrite.OwnedBy": APPLICATIONS,
  "Organization.Read.All": ORGANIZATION,
  "Organization.ReadWrite.All": ORGANIZATION,
  "Device.Read.All": DEVICES,
  "Device.ReadWrite.All": DEVICES,
  "Domain.Read.All": "/v1.0/domains?$select=id",
  "RoleManagement.Read.Directory": "/v1.0/directoryRoles?$select=id",
  "AdministrativeUnit.Read.All": "/v1.0/directory/administrativeUnits?$top=1&$select=id",
  "Team.ReadBasic.All": "/v1.0/teams?$top=1&$select=id",
});

export function safeReadFor(permission: string): string | undefined {
  return Object.hasOwn(SAFE_READS, permission) ? SAFE_READS[permission] : undefined;
}

export interface ProbePlan {
  probes: Probe[];
  /** Granted permissions with no safe read: covered by the roles claim only. */
  uncovered: string[];
}

/** One probe per distinct path among the granted permissions, then the user's own probes. */
export function planProbes(granted: readonly string[], custom: readonly Probe[] = []): ProbePlan {
  const byPath = new Map<string, Probe>();
  const uncovered: string[] = [];
  for (const permission of granted) {
    const path = safeReadFor(permission);
    if (path === undefined) {
      uncovered.push(permission);
      continue;
    }
    const probe = byPath.get(path) ?? { method: "GET" as const, path, permissions: [], custom: false };
    probe.permissions.push(permission);
    byPath.set(path, probe);
  }
  const planned = [...byPath.values()];
  for (const probe of custom) {
    if (!planned.some((p) => p.path === probe.path)) planned.push(probe);
  }
  return { probes: planned, uncovered };
}

/** "GET /v1.0/…" → a probe; anything that is not a read of a Graph-relative path is refused. */
export function parseProbe(text: string): Probe | { problem: string } {
  const match = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(text);
  if (!match) return { problem: `"${text}" is not "GET /v1.0/<path>".` };
  const method = match[1]!.toUpperCase();
  const path = match[2]!;
  if (method !== "GET") return { problem: `"${text}": probes never write, so only GET is allowed (got ${method}).` };
  // Relative to the Graph endpoint only: the token must never be sent to another host.
  if (!/^\/(v1\.0|beta)\//.test(path) || path.includes("://") || path.includes("\\") || /\/\.\.?(\/|$|\?)/.test(path)) {
    return { problem: `"${path}" must be a path under /v1.0/ or /beta/ of the Graph endpoint.` };
  }
  return { method: "GET", path, permissions: [], custom: true };
}
