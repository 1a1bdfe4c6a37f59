// The Microsoft Graph service principal that exists in every tenant: the resource that app
// role assignments (admin consent for application permissions) point at.
import { stableGuid } from "../ids.ts";
import type { AppRole, PermissionScope, ServicePrincipalRecord } from "../store/types.ts";
import { GRAPH_APP_ROLES, GRAPH_DELEGATED_SCOPES, MICROSOFT_GRAPH_APP_ID, MICROSOFT_TENANT_ID } from "./graph-permissions.ts";

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

export const graphAppRoles: readonly AppRole[] = GRAPH_APP_ROLES.map(([value, id, displayName]) => ({
  id, value, displayName,
  // The catalog carries display names only; descriptions follow Microsoft's wording pattern.
  description: `Allows the app to ${lowerFirst(displayName)} without a signed-in user.`,
  allowedMemberTypes: ["Application"], isEnabled: true, origin: "Application",
}));

export const graphPermissionScopes: readonly PermissionScope[] = GRAPH_DELEGATED_SCOPES.map(([value, id]) => ({
  id, value,
  type: value.endsWith(".All") ? "Admin" : "User",
  adminConsentDisplayName: value, adminConsentDescription: `Allows the app to use ${value} on behalf of the signed-in user.`,
  userConsentDisplayName: value, userConsentDescription: `Allows the app to use ${value} on your behalf.`,
  isEnabled: true,
}));

export function graphServicePrincipalId(tenantId: string): string {
  return stableGuid(`microsoft-graph-service-principal:${tenantId.toLowerCase()}`);
}

/** Graph's resource identifiers, as in its servicePrincipalNames (public cloud). */
export const GRAPH_RESOURCE_IDS = ["https://graph.microsoft.com", MICROSOFT_GRAPH_APP_ID] as const;

export function createGraphServicePrincipal(tenantId: string, createdAt: number): ServicePrincipalRecord {
  return {
    id: graphServicePrincipalId(tenantId),
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: "Microsoft Graph",
    accountEnabled: true,
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    servicePrincipalNames: ["https://graph.microsoft.com", "https://graph.microsoft.com/", "https://canary.graph.microsoft.com", MICROSOFT_GRAPH_APP_ID],
    servicePrincipalType: "Application",
    signInAudience: "AzureADMultipleOrgs",
    tags: [],
    appRoles: graphAppRoles.map((role) => ({ ...role })),
    oauth2PermissionScopes: graphPermissionScopes.map((scope) => ({ ...scope })),
    appRoleAssignmentRequired: false,
    notes: null,
    extra: {},
    owners: [],
    createdAt,
  };
}
