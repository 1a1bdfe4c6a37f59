// In-memory DirectoryStore: one record set per tenant, gone when the emulator stops.
import type {
  AppRoleAssignmentRecord, ApplicationRecord, DirectoryStore, ServicePrincipalRecord, Tenant, TenantData,
} from "./types.ts";

interface TenantState extends TenantData {
  applications: ApplicationRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  assignments: AppRoleAssignmentRecord[];
}

export function createMemoryStore(): DirectoryStore {
  const byId = new Map<string, TenantState>();

  const state = (tenantId: string): TenantState => {
    const found = byId.get(tenantId.toLowerCase());
    if (!found) throw new RangeError(`tenant ${tenantId} does not exist in the store`);
    return found;
  };
  const remove = <T extends { id: string }>(list: T[], id: string): boolean => {
    const index = list.findIndex((item) => item.id === id);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  };

  return {
    addTenant(data) {
      byId.set(data.tenant.id.toLowerCase(), { ...data, applications: [], servicePrincipals: [], assignments: [] });
    },
    findTenant(idOrDomain): Tenant | undefined {
      const key = idOrDomain.toLowerCase();
      const direct = byId.get(key);
      if (direct) return direct.tenant;
      for (const entry of byId.values()) if (entry.tenant.domain.toLowerCase() === key) return entry.tenant;
      return undefined;
    },
    tenantData: (tenantId) => byId.get(tenantId.toLowerCase()),
    tenants: () => [...byId.values()].map((entry) => entry.tenant),

    applications: (tenantId) => state(tenantId).applications,
    addApplication: (tenantId, app) => void state(tenantId).applications.push(app),
    removeApplication: (tenantId, id) => remove(state(tenantId).applications, id),

    servicePrincipals: (tenantId) => state(tenantId).servicePrincipals,
    addServicePrincipal: (tenantId, sp) => void state(tenantId).servicePrincipals.push(sp),
    removeServicePrincipal: (tenantId, id) => remove(state(tenantId).servicePrincipals, id),

    appRoleAssignments: (tenantId) => state(tenantId).assignments,
    addAppRoleAssignment: (tenantId, assignment) => void state(tenantId).assignments.push(assignment),
    removeAppRoleAssignment: (tenantId, id) => remove(state(tenantId).assignments, id),
  };
}
