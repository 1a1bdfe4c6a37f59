// Directory operations shared by Graph handlers and the control API: creating tenants, apps,
// service principals, secrets and app role assignments, and deciding what has "replicated".
import { graphChosenDate } from "./graph/dates.ts";
import type { Clock } from "./clock.ts";
import { EmulatorError, GRAPH, GraphFailure } from "./errors.ts";
import { newAssignmentId, newGuid } from "./ids.ts";
import { createGraphServicePrincipal, graphServicePrincipalId } from "./catalog/graph-service-principal.ts";
import { generateClientSecret, hashSecret } from "./store/secrets.ts";
import { seedTenant } from "./store/seed.ts";
import type {
  AppRoleAssignmentRecord, ApplicationRecord, DirectoryStore, PasswordCredentialRecord, ServicePrincipalRecord, Tenant,
} from "./store/types.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_SECRET_LIFETIME_MS = 730 * DAY_MS; // Graph's addPassword default: 2 years

export interface Directory {
  readonly store: DirectoryStore;
  readonly clock: Clock;
  createTenant(input?: { tenantId?: string; displayName?: string }): Tenant;
  requireTenant(tenantId: string): Tenant;
  graphServicePrincipal(tenantId: string): ServicePrincipalRecord;
  createApplication(tenantId: string, input: { displayName: string } & Partial<Omit<ApplicationRecord, "id" | "appId" | "createdAt">>): ApplicationRecord;
  createServicePrincipal(tenantId: string, appId: string, extra?: Partial<Pick<ServicePrincipalRecord, "accountEnabled" | "tags" | "owners" | "appRoleAssignmentRequired">>): ServicePrincipalRecord;
  /** Dates in ms, with the text Graph answers for each one the client sent (graph/dates.ts); the others Graph chooses. */
  addPassword(tenantId: string, app: ApplicationRecord, input?: PasswordInput): { credential: PasswordCredentialRecord; secretText: string };
  assignAppRole(tenantId: string, input: { principalId: string; resourceId: string; appRoleId: string }): AppRoleAssignmentRecord;
  /** Role values of `resourceId` that `principalId` holds, as the token endpoint sees them at `at`. */
  effectiveRoleValues(tenantId: string, principalId: string, resourceId: string, at: number): string[];
}

export interface PasswordInput {
  displayName?: string | null;
  startDateTime?: number;
  endDateTime?: number;
  startDateTimeText?: string;
  endDateTimeText?: string;
}

function slug(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 20);
  return cleaned.length > 0 ? cleaned : "tenant";
}

export function createDirectory(store: DirectoryStore, clock: Clock): Directory {
  const requireTenant = (tenantId: string): Tenant => {
    const tenant = store.findTenant(tenantId);
    if (!tenant) throw new EmulatorError("TENANT_NOT_FOUND", `tenant '${tenantId}' does not exist in the emulator; create it with createTenant() or POST /_emulator/tenants`, 404);
    return tenant;
  };

  const directory: Directory = {
    store, clock, requireTenant,

    createTenant(input = {}) {
      const id = (input.tenantId ?? newGuid()).toLowerCase();
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
        throw new EmulatorError("INVALID_TENANT_ID", `tenantId '${input.tenantId}' is not a GUID; pass a GUID or omit it to get a new one`);
      }
      if (store.findTenant(id)) throw new EmulatorError("TENANT_EXISTS", `tenant '${id}' already exists; omit tenantId to get a new one`, 409);
      const displayName = input.displayName ?? "Emulated Tenant";
      const createdAt = clock.now();
      const tenant: Tenant = {
        id, displayName, domain: `${slug(displayName)}${id.slice(0, 4)}.onmicrosoft.com`, createdAt,
        replication: { applicationMs: 0, secretMs: 0, roleAssignmentMs: 0 },
        conditionalAccess: { blockAll: false, blockedAppIds: new Set() },
        graphServicePrincipalId: graphServicePrincipalId(id),
      };
      store.addTenant(seedTenant(tenant));
      // Microsoft's own service principals predate every customer object: never "replicating".
      store.addServicePrincipal(id, createGraphServicePrincipal(id, createdAt - DAY_MS));
      return tenant;
    },

    graphServicePrincipal(tenantId) {
      const tenant = requireTenant(tenantId);
      const sp = store.servicePrincipals(tenant.id).find((candidate) => candidate.id === tenant.graphServicePrincipalId);
      if (!sp) throw new EmulatorError("GRAPH_SP_DELETED", `the Microsoft Graph service principal was deleted from tenant ${tenant.id}`, 409);
      return sp;
    },

    createApplication(tenantId, input) {
      const tenant = requireTenant(tenantId);
      const app: ApplicationRecord = {
        id: newGuid(), appId: newGuid(), description: null, notes: null, signInAudience: "AzureADMyOrg",
        identifierUris: [], tags: [], requiredResourceAccess: [], appRoles: [], passwordCredentials: [], keyCredentials: [],
        federatedIdentityCredentials: [], owners: [], extra: {}, ...input, createdAt: clock.now(),
      };
      store.addApplication(tenant.id, app);
      return app;
    },

    createServicePrincipal(tenantId, appId, extra = {}) {
      const tenant = requireTenant(tenantId);
      const app = store.applications(tenant.id).find((candidate) => candidate.appId === appId);
      if (!app) throw new GraphFailure(GRAPH.BAD_REQUEST, `The appId '${appId}' of the service principal does not reference a valid application object.`);
      if (store.servicePrincipals(tenant.id).some((candidate) => candidate.appId === appId)) {
        throw new GraphFailure(GRAPH.ALREADY_EXISTS, "Another object with the same value for property servicePrincipalNames already exists.");
      }
      const sp: ServicePrincipalRecord = {
        id: newGuid(), appId, displayName: app.displayName, accountEnabled: true, appOwnerOrganizationId: tenant.id,
        servicePrincipalNames: [appId, ...app.identifierUris], servicePrincipalType: "Application",
        signInAudience: app.signInAudience, tags: [], appRoles: app.appRoles.map((role) => ({ ...role })),
        oauth2PermissionScopes: [], appRoleAssignmentRequired: false, notes: null, owners: [], extra: {}, ...extra, createdAt: clock.now(),
      };
      store.addServicePrincipal(tenant.id, sp);
      return sp;
    },

    addPassword(_tenantId, app, input = {}) {
      const now = clock.now();
      const start = input.startDateTime ?? now;
      const end = input.endDateTime ?? start + DEFAULT_SECRET_LIFETIME_MS;
      if (!(end > start)) throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
      const secretText = generateClientSecret();
      const credential: PasswordCredentialRecord = {
        keyId: newGuid(), displayName: input.displayName ?? null, hint: secretText.slice(0, 3),
        startDateTime: start, endDateTime: end, startDateTimeText: input.startDateTimeText ?? graphChosenDate(start), endDateTimeText: input.endDateTimeText ?? graphChosenDate(end),
        createdAt: now, ...hashSecret(secretText),
      };
      app.passwordCredentials.push(credential);
      return { credential, secretText };
    },

    assignAppRole(tenantId, input) {
      const tenant = requireTenant(tenantId);
      const principal = store.servicePrincipals(tenant.id).find((sp) => sp.id === input.principalId);
      const resource = store.servicePrincipals(tenant.id).find((sp) => sp.id === input.resourceId);
      if (!resource) throw new GraphFailure(GRAPH.NOT_FOUND, input.resourceId);
      if (!principal) throw new GraphFailure(GRAPH.NOT_FOUND, input.principalId);
      if (!resource.appRoles.some((role) => role.id === input.appRoleId && role.allowedMemberTypes.includes("Application"))) {
        throw new GraphFailure(GRAPH.BAD_REQUEST, "Permission being assigned was not found on application");
      }
      const existing = store.appRoleAssignments(tenant.id);
      if (existing.some((a) => a.principalId === input.principalId && a.resourceId === input.resourceId && a.appRoleId === input.appRoleId)) {
        throw new GraphFailure(GRAPH.BAD_REQUEST, "Permission being assigned already exists on the object");
      }
      const assignment: AppRoleAssignmentRecord = {
        id: newAssignmentId(), appRoleId: input.appRoleId, principalId: principal.id, principalType: "ServicePrincipal",
        principalDisplayName: principal.displayName, resourceId: resource.id, resourceDisplayName: resource.displayName,
        createdAt: clock.now(),
      };
      store.addAppRoleAssignment(tenant.id, assignment);
      return assignment;
    },

    effectiveRoleValues(tenantId, principalId, resourceId, at) {
      const tenant = requireTenant(tenantId);
      const resource = store.servicePrincipals(tenant.id).find((sp) => sp.id === resourceId);
      if (!resource) return [];
      const values = store.appRoleAssignments(tenant.id)
        .filter((a) => a.principalId === principalId && a.resourceId === resourceId)
        .filter((a) => at - a.createdAt >= tenant.replication.roleAssignmentMs)
        .map((a) => resource.appRoles.find((role) => role.id === a.appRoleId && role.isEnabled)?.value)
        .filter((value): value is string => value !== undefined);
      return [...new Set(values)].sort();
    },
  };
  return directory;
}
