// The control API's operations, shared by code (emulator.control) and HTTP (/_emulator/...).
import type { Clock } from "../clock.ts";
import type { Directory } from "../directory.ts";
import { DEFAULT_SECRET_LIFETIME_MS } from "../directory.ts";
import { EmulatorError } from "../errors.ts";
import type { Faults } from "../faults.ts";
import type { IssuerRegistry } from "../issuers/registry.ts";
import { applicationJson, appRoleAssignmentJson, servicePrincipalJson } from "../graph/shapes.ts";
import type { RequestLog } from "../request-log.ts";
import { GRAPH_DELEGATED_SCOPES } from "../catalog/graph-permissions.ts";
import type { EmulatorControl, WorkloadCredentials } from "../types.ts";
import { issuerOperations } from "./issuers.ts";

export const DEPLOYER_PERMISSIONS = ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"] as const;

export interface ControlDependencies {
  directory: Directory;
  clock: Clock;
  faults: Faults;
  log: RequestLog;
  issuers: IssuerRegistry;
  defaultTenantId: string;
  /** The emulator's origin once it listens ("http(s)://127.0.0.1:PORT"): authority host and Graph endpoint. */
  origin: () => string;
}

function nonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new EmulatorError("INVALID_DELAY", `${name} must be a finite number of milliseconds >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function createControl(deps: ControlDependencies): EmulatorControl {
  const { directory, clock, faults, log } = deps;
  const tenantOf = (tenantId: string | undefined) => directory.requireTenant(tenantId ?? deps.defaultTenantId);

  function resolveRoles(tenantId: string, permissions: unknown): { id: string; value: string }[] {
    if (!Array.isArray(permissions) || !permissions.every((name) => typeof name === "string")) {
      throw new EmulatorError("INVALID_PERMISSIONS", "permissions must be an array of Microsoft Graph application permission names, e.g. [\"User.Read.All\"]");
    }
    const roles = directory.graphServicePrincipal(tenantId).appRoles;
    const unknown = permissions.filter((name) => !roles.some((role) => role.value === name));
    if (unknown.length > 0) {
      const hints = unknown.map((name) => {
        const delegated = GRAPH_DELEGATED_SCOPES.some(([value]) => value === name);
        const differentCase = roles.find((role) => role.value.toLowerCase() === name.toLowerCase());
        if (differentCase) return `'${name}' (did you mean '${differentCase.value}'? names are case-sensitive)`;
        return delegated ? `'${name}' (a delegated permission only; app-only tokens need an application permission such as '${name}.All')` : `'${name}'`;
      });
      throw new EmulatorError("UNKNOWN_PERMISSION", `unknown Microsoft Graph application permission(s): ${hints.join(", ")}; the emulator knows ${roles.length} application permissions (see emulator/catalog/graph-permissions.ts)`);
    }
    return [...new Set(permissions as string[])].map((name) => {
      const role = roles.find((candidate) => candidate.value === name);
      return { id: role?.id ?? "", value: name };
    });
  }

  function createPrincipal(input: { tenantId?: string; displayName: string; permissions: unknown; secretLifetimeDays?: number }): WorkloadCredentials {
    if (typeof input.displayName !== "string" || input.displayName.trim() === "") {
      throw new EmulatorError("INVALID_DISPLAY_NAME", "displayName must be a non-empty string");
    }
    const lifetimeDays = input.secretLifetimeDays;
    if (lifetimeDays !== undefined && (typeof lifetimeDays !== "number" || !(lifetimeDays > 0) || !Number.isFinite(lifetimeDays))) {
      throw new EmulatorError("INVALID_SECRET_LIFETIME", `secretLifetimeDays must be a number of days > 0, got ${JSON.stringify(lifetimeDays)}`);
    }
    const tenant = tenantOf(input.tenantId);
    const roles = resolveRoles(tenant.id, input.permissions);
    const app = directory.createApplication(tenant.id, { displayName: input.displayName });
    const sp = directory.createServicePrincipal(tenant.id, app.appId);
    const now = clock.now();
    const { credential, secretText } = directory.addPassword(tenant.id, app, {
      displayName: "emulator workload secret",
      endDateTime: now + (lifetimeDays !== undefined ? lifetimeDays * 86_400_000 : DEFAULT_SECRET_LIFETIME_MS),
    });
    for (const role of roles) {
      directory.assignAppRole(tenant.id, { principalId: sp.id, resourceId: tenant.graphServicePrincipalId, appRoleId: role.id });
    }
    const origin = deps.origin();
    const expiresAt = new Date(credential.endDateTime).toISOString();
    return {
      tenantId: tenant.id, clientId: app.appId, clientSecret: secretText, applicationObjectId: app.id, servicePrincipalObjectId: sp.id,
      secretKeyId: credential.keyId, secretExpiresAt: expiresAt, permissions: roles.map((role) => role.value),
      authorityHost: origin, graphEndpoint: origin, scope: `${origin}/.default`,
      clientSecretKeyId: credential.keyId, clientSecretExpiresAt: expiresAt, clientSecretCreatedAt: new Date(credential.createdAt).toISOString(),
    };
  }

  return {
    createTenant(input = {}) {
      const tenant = directory.createTenant(input);
      return { tenantId: tenant.id, domain: tenant.domain, graphServicePrincipalId: tenant.graphServicePrincipalId };
    },
    createDeployer(input = {}) {
      return createPrincipal({ tenantId: input.tenantId, displayName: input.displayName ?? "emulator deployer", permissions: [...DEPLOYER_PERMISSIONS] });
    },
    createWorkload(input) {
      if (input === null || typeof input !== "object") throw new EmulatorError("INVALID_WORKLOAD", "createWorkload needs {displayName, permissions}");
      return createPrincipal(input);
    },
    setReplicationDelays(tenantId, delays) {
      const tenant = directory.requireTenant(tenantId);
      const applicationMs = nonNegative(delays.applicationMs, "applicationMs");
      const secretMs = nonNegative(delays.secretMs, "secretMs");
      const roleAssignmentMs = nonNegative(delays.roleAssignmentMs, "roleAssignmentMs");
      if (applicationMs !== undefined) tenant.replication.applicationMs = applicationMs;
      if (secretMs !== undefined) tenant.replication.secretMs = secretMs;
      if (roleAssignmentMs !== undefined) tenant.replication.roleAssignmentMs = roleAssignmentMs;
    },
    setConditionalAccess(tenantId, policy) {
      const tenant = directory.requireTenant(tenantId);
      if (policy.blockAll !== undefined) tenant.conditionalAccess.blockAll = policy.blockAll === true;
      if (policy.blockedAppIds !== undefined) tenant.conditionalAccess.blockedAppIds = new Set(policy.blockedAppIds.map((id) => id.toLowerCase()));
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    advanceClock: (ms) => {
      try {
        clock.advance(ms);
      } catch (error) {
        throw new EmulatorError("INVALID_CLOCK_ADVANCE", (error as Error).message);
      }
    },
    now: () => clock.now(),
    requests: () => log.entries(),
    clearRequests: () => log.clear(),
    objects(tenantId) {
      const tenant = directory.requireTenant(tenantId);
      const { store } = directory;
      return {
        applications: store.applications(tenant.id).map((app) => applicationJson(app, tenant)),
        servicePrincipals: store.servicePrincipals(tenant.id).map(servicePrincipalJson),
        appRoleAssignments: store.appRoleAssignments(tenant.id).map(appRoleAssignmentJson),
      };
    },
    ...issuerOperations(deps.issuers, clock, deps.origin),
  };
}
