// App role assignments, i.e. admin consent for application permissions:
// /servicePrincipals/{resource}/appRoleAssignedTo (what azuread.AppRoleAssignment uses) and
// /servicePrincipals/{principal}/appRoleAssignments.
import { GRAPH, GraphFailure } from "../errors.ts";
import { isGuid } from "../ids.ts";
import { hasAnyRole, requireAnyRole } from "./auth.ts";
import { READ_APPLICATIONS, READ_ASSIGNMENTS, WRITE_ASSIGNMENTS } from "./permissions.ts";
import { jsonBody } from "./request.ts";
import type { GraphRequest, GraphResult } from "./request.ts";
import { findServicePrincipal } from "./service-principals.ts";
import { appRoleAssignmentJson } from "./shapes.ts";

type Side = "appRoleAssignedTo" | "appRoleAssignments";
const TYPE = "AppRoleAssignment";

const matchesSide = (side: Side, spId: string) => (a: { resourceId: string; principalId: string }): boolean =>
  side === "appRoleAssignedTo" ? a.resourceId === spId : a.principalId === spId;

export function listAssignments(side: Side) {
  return (request: GraphRequest): GraphResult => {
    requireAnyRole(request.caller, READ_ASSIGNMENTS);
    const sp = findServicePrincipal(request);
    const value = request.emulator.directory.store.appRoleAssignments(request.caller.tenant.id)
      .filter(matchesSide(side, sp.id)).map(appRoleAssignmentJson);
    return { status: 200, body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#servicePrincipals('${sp.id}')/${side}`, value } };
  };
}

/** One assignment by id: the azuread provider reads each grant back after creating it, and on refresh. */
export function getAssignment(side: Side) {
  return (request: GraphRequest): GraphResult => {
    requireAnyRole(request.caller, READ_ASSIGNMENTS);
    const sp = findServicePrincipal(request);
    const assignment = request.emulator.directory.store.appRoleAssignments(request.caller.tenant.id)
      .find((a) => a.id === request.childId && matchesSide(side, sp.id)(a));
    if (!assignment) throw new GraphFailure(GRAPH.NOT_FOUND, request.childId ?? "");
    return {
      status: 200,
      body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#servicePrincipals('${sp.id}')/${side}/$entity`, ...appRoleAssignmentJson(assignment) },
    };
  };
}

export function createAssignment(side: Side) {
  return async (request: GraphRequest): Promise<GraphResult> => {
    // Granting needs AppRoleAssignment.ReadWrite.All and the right to read the service principals.
    if (!hasAnyRole(request.caller, WRITE_ASSIGNMENTS) || !hasAnyRole(request.caller, READ_APPLICATIONS)) throw new GraphFailure(GRAPH.DENIED);
    const sp = findServicePrincipal(request);
    const body = await jsonBody(request);
    const field = (name: string): string => {
      const value = body[name];
      if (typeof value !== "string" || !isGuid(value)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${TYPE}'.`);
      return value.toLowerCase();
    };
    const input = { principalId: field("principalId"), resourceId: field("resourceId"), appRoleId: field("appRoleId") };
    const pathSide = side === "appRoleAssignedTo" ? input.resourceId : input.principalId;
    if (pathSide !== sp.id.toLowerCase()) {
      const property = side === "appRoleAssignedTo" ? "resourceId" : "principalId";
      throw new GraphFailure(GRAPH.BAD_REQUEST, `The '${property}' in the request body must match the service principal in the URL.`);
    }
    const assignment = request.emulator.directory.assignAppRole(request.caller.tenant.id, input);
    return {
      status: 201,
      body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#servicePrincipals('${sp.id}')/${side}/$entity`, ...appRoleAssignmentJson(assignment) },
    };
  };
}

export function deleteAssignment(side: Side) {
  return (request: GraphRequest): GraphResult => {
    requireAnyRole(request.caller, WRITE_ASSIGNMENTS);
    const sp = findServicePrincipal(request);
    const { store } = request.emulator.directory;
    const tenantId = request.caller.tenant.id;
    const assignment = store.appRoleAssignments(tenantId).find((a) => a.id === request.childId && matchesSide(side, sp.id)(a));
    if (!assignment) throw new GraphFailure(GRAPH.NOT_FOUND, request.childId ?? "");
    store.removeAppRoleAssignment(tenantId, assignment.id);
    return { status: 204 };
  };
}
