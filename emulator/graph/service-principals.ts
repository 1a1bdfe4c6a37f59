// /v1.0/servicePrincipals: list (with $filter=appId eq '…'), get by id or (appId='…'),
// create for an application of the tenant, update, delete.
import { GRAPH, GraphFailure } from "../errors.ts";
import type { ServicePrincipalRecord } from "../store/types.ts";
import { canRead, requireRead, requireReadAny, requireWrite } from "./access.ts";
import { hasAnyRole } from "./auth.ts";
import { checkKnownProperties, checkReadOnly, SERVICE_PRINCIPAL_PROPERTIES, SERVICE_PRINCIPAL_READ_ONLY } from "./entity-properties.ts";
import { collectionPage, entityBody } from "./odata.ts";
import type { CollectionSpec } from "./odata.ts";
import { writeStored } from "./echo.ts";
import { resolveOwnerBindings } from "./owners.ts";
import { OWNED_BY, WRITE_APPLICATIONS } from "./permissions.ts";
import { jsonBody, requireKey, stringArrayProperty, stringProperty } from "./request.ts";
import type { GraphRequest, GraphResult } from "./request.ts";
import { servicePrincipalJson } from "./shapes.ts";

export const SERVICE_PRINCIPALS: CollectionSpec = {
  entitySet: "servicePrincipals", typeName: "servicePrincipal", filterable: ["appId", "id", "displayName", "servicePrincipalType"],
};
const TYPE = "ServicePrincipal";
/** Properties with behaviour of their own; every other writable one is stored and echoed as sent. */
const HANDLED = new Set([
  "appId", "accountEnabled", "tags", "appRoleAssignmentRequired", "displayName", "notes", "appRoles", "oauth2PermissionScopes", "servicePrincipalNames",
]);
const CREATE_ONLY = new Set(["appId"]);
const PASSTHROUGH = SERVICE_PRINCIPAL_PROPERTIES.filter((name) => !HANDLED.has(name) && !SERVICE_PRINCIPAL_READ_ONLY.has(name));

/** Microsoft's own service principals (Graph) are readable by anyone who can read apps. */
const isFirstParty = (request: GraphRequest, sp: ServicePrincipalRecord): boolean => sp.id === request.caller.tenant.graphServicePrincipalId;

export function findServicePrincipal(request: GraphRequest): ServicePrincipalRecord {
  const key = requireKey(request);
  const wanted = key.value.toLowerCase();
  const sp = request.emulator.directory.store.servicePrincipals(request.caller.tenant.id)
    .find((candidate) => (key.by === "id" ? candidate.id : candidate.appId).toLowerCase() === wanted);
  if (!sp) throw new GraphFailure(GRAPH.NOT_FOUND, key.value);
  return sp;
}

export function listServicePrincipals(request: GraphRequest): GraphResult {
  requireReadAny(request.caller);
  const all = request.emulator.directory.store.servicePrincipals(request.caller.tenant.id);
  const visible = all.filter((sp) => canRead(request.caller, sp) || isFirstParty(request, sp));
  return { status: 200, body: collectionPage(request.url, request.emulator.origin, SERVICE_PRINCIPALS, visible.map(servicePrincipalJson)) };
}

export function getServicePrincipal(request: GraphRequest): GraphResult {
  const sp = findServicePrincipal(request);
  if (isFirstParty(request, sp)) requireReadAny(request.caller);
  else requireRead(request.caller, sp);
  return { status: 200, body: entityBody(request.url, request.emulator.origin, SERVICE_PRINCIPALS, servicePrincipalJson(sp)) };
}

export async function createServicePrincipal(request: GraphRequest): Promise<GraphResult> {
  const body = await jsonBody(request);
  checkKnownProperties(body, "servicePrincipal");
  const appId = stringProperty(body.appId, "appId", TYPE, { required: true }) ?? "";
  const { directory } = request.emulator;
  const tenantId = request.caller.tenant.id;
  const app = directory.store.applications(tenantId).find((candidate) => candidate.appId.toLowerCase() === appId.toLowerCase());
  const ownsApp = app !== undefined && request.caller.roles.has(OWNED_BY) && app.owners.includes(request.caller.principalId);
  if (!hasAnyRole(request.caller, WRITE_APPLICATIONS) && !ownsApp) throw new GraphFailure(GRAPH.DENIED);
  const sp = directory.createServicePrincipal(tenantId, app?.appId ?? appId);
  try {
    // Read-only values as the new object has them pass (the provider sends back what it would read);
    // appId names the application, in whatever case the client spelled it.
    checkReadOnly(body, "servicePrincipal", servicePrincipalJson(sp), CREATE_ONLY);
    applyProperties(request, sp, body);
    if (!sp.owners.includes(request.caller.principalId)) sp.owners.push(request.caller.principalId);
  } catch (error) {
    directory.store.removeServicePrincipal(tenantId, sp.id);
    throw error;
  }
  return { status: 201, body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#servicePrincipals/$entity`, ...servicePrincipalJson(sp) } };
}

export async function updateServicePrincipal(request: GraphRequest): Promise<GraphResult> {
  const sp = findServicePrincipal(request);
  if (isFirstParty(request, sp)) throw new GraphFailure(GRAPH.DENIED);
  requireWrite(request.caller, sp);
  const body = await jsonBody(request);
  checkKnownProperties(body, "servicePrincipal");
  checkReadOnly(body, "servicePrincipal", servicePrincipalJson(sp));
  const copy: ServicePrincipalRecord = { ...sp, owners: [...sp.owners], extra: { ...sp.extra } };
  applyProperties(request, copy, body);
  Object.assign(sp, copy);
  return { status: 204 };
}

export function deleteServicePrincipal(request: GraphRequest): GraphResult {
  const sp = findServicePrincipal(request);
  if (isFirstParty(request, sp)) throw new GraphFailure(GRAPH.DENIED);
  requireWrite(request.caller, sp);
  const { store } = request.emulator.directory;
  const tenantId = request.caller.tenant.id;
  store.removeServicePrincipal(tenantId, sp.id);
  for (const assignment of store.appRoleAssignments(tenantId).filter((a) => a.principalId === sp.id || a.resourceId === sp.id)) {
    store.removeAppRoleAssignment(tenantId, assignment.id);
  }
  return { status: 204 };
}

function applyProperties(request: GraphRequest, sp: ServicePrincipalRecord, body: Record<string, unknown>): void {
  if (body.accountEnabled !== undefined) {
    if (typeof body.accountEnabled !== "boolean") throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'accountEnabled' of resource '${TYPE}'.`);
    sp.accountEnabled = body.accountEnabled;
  }
  if (body.appRoleAssignmentRequired !== undefined) {
    if (typeof body.appRoleAssignmentRequired !== "boolean") throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'appRoleAssignmentRequired' of resource '${TYPE}'.`);
    sp.appRoleAssignmentRequired = body.appRoleAssignmentRequired;
  }
  const tags = stringArrayProperty(body.tags, "tags", TYPE);
  if (tags) sp.tags = tags;
  if (body.notes !== undefined) sp.notes = stringProperty(body.notes, "notes", TYPE, { nullable: true }) ?? null;
  if (body.displayName !== undefined) sp.displayName = stringProperty(body.displayName, "displayName", TYPE, { required: true }) ?? sp.displayName;
  if (body["owners@odata.bind"] !== undefined) {
    for (const owner of resolveOwnerBindings(request, body["owners@odata.bind"])) if (!sp.owners.includes(owner)) sp.owners.push(owner);
  }
  // Kept on the record, not only echoed: grants and tokens read the roles from there.
  if (body.appRoles !== undefined) sp.appRoles = structuredClone(arrayProperty<ServicePrincipalRecord["appRoles"][number]>(body.appRoles, "appRoles"));
  if (body.oauth2PermissionScopes !== undefined) {
    sp.oauth2PermissionScopes = structuredClone(arrayProperty<ServicePrincipalRecord["oauth2PermissionScopes"][number]>(body.oauth2PermissionScopes, "oauth2PermissionScopes"));
  }
  const names = stringArrayProperty(body.servicePrincipalNames, "servicePrincipalNames", TYPE);
  if (names) sp.servicePrincipalNames = names;
  for (const name of PASSTHROUGH) if (body[name] !== undefined) sp.extra[name] = writeStored(sp.extra[name], body[name]);
}

function arrayProperty<T>(value: unknown, name: string): T[] {
  if (!Array.isArray(value) || !value.every((item) => item !== null && typeof item === "object")) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${TYPE}'.`);
  }
  return value as T[];
}
