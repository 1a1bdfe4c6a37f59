// Graph's /v1.0 routes → handlers. Segments match case-insensitively, as Graph's do; an
// entity may be addressed by id (`applications/{id}`) or by key (`applications(appId='…')`).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { GRAPH, GraphFailure } from "../errors.ts";
import { sendGraphError, sendGraphJson } from "../http/respond.ts";
import type { RequestContext } from "../http/respond.ts";
import { createAssignment, deleteAssignment, getAssignment, listAssignments } from "./app-role-assignments.ts";
import {
  addPassword, createApplication, deleteApplication, findApplication, getApplication, listApplications, removePassword, updateApplication,
} from "./applications.ts";
import { authenticateGraph } from "./auth.ts";
import { getDirectoryObject, listDirectoryObjects } from "./directory-reads.ts";
import {
  createFederatedCredential, deleteFederatedCredential, getFederatedCredential, listFederatedCredentials, updateFederatedCredential,
} from "./federated-credentials.ts";
import { addOwner, listOwners, removeOwner } from "./owners.ts";
import type { EntityKey, GraphHandler } from "./request.ts";
import {
  createServicePrincipal, deleteServicePrincipal, findServicePrincipal, getServicePrincipal, listServicePrincipals, updateServicePrincipal,
} from "./service-principals.ts";

interface Route {
  method: string;
  pattern: string;
  handler: GraphHandler;
  /** A write also served on /beta (every read is). */
  beta?: boolean;
}

const route = (method: string, pattern: string, handler: GraphHandler, options: { beta?: boolean } = {}): Route => ({ method, pattern, handler, ...options });

// ":key" is the entity's id (or its appId key segment); ":child" is a child item's id.
const ROUTES: Route[] = [
  route("GET", "users", listDirectoryObjects("users")),
  route("GET", "users/:key", getDirectoryObject("users")),
  route("GET", "groups", listDirectoryObjects("groups")),
  route("GET", "groups/:key", getDirectoryObject("groups")),
  route("GET", "organization", listDirectoryObjects("organization")),
  route("GET", "organization/:key", getDirectoryObject("organization")),

  route("GET", "applications", listApplications),
  route("POST", "applications", createApplication),
  route("GET", "applications/:key", getApplication),
  // The azuread provider sets oauth2RequirePostResponse through beta (its v1.0 model long lacked it);
  // v1.0 declares it now, so the v1.0 handler applies it, and refuses beta-only properties as unknown.
  route("PATCH", "applications/:key", updateApplication, { beta: true }),
  route("DELETE", "applications/:key", deleteApplication),
  route("POST", "applications/:key/addPassword", addPassword),
  route("POST", "applications/:key/removePassword", removePassword),
  route("GET", "applications/:key/federatedIdentityCredentials", listFederatedCredentials),
  route("POST", "applications/:key/federatedIdentityCredentials", createFederatedCredential),
  route("GET", "applications/:key/federatedIdentityCredentials/:child", getFederatedCredential),
  route("PATCH", "applications/:key/federatedIdentityCredentials/:child", updateFederatedCredential),
  route("DELETE", "applications/:key/federatedIdentityCredentials/:child", deleteFederatedCredential),
  route("GET", "applications/:key/owners", listOwners(findApplication)),
  route("POST", "applications/:key/owners/$ref", addOwner(findApplication)),
  route("DELETE", "applications/:key/owners/:child/$ref", removeOwner(findApplication)),

  route("GET", "servicePrincipals", listServicePrincipals),
  route("POST", "servicePrincipals", createServicePrincipal),
  route("GET", "servicePrincipals/:key", getServicePrincipal),
  route("PATCH", "servicePrincipals/:key", updateServicePrincipal),
  route("DELETE", "servicePrincipals/:key", deleteServicePrincipal),
  route("GET", "servicePrincipals/:key/appRoleAssignedTo", listAssignments("appRoleAssignedTo")),
  route("POST", "servicePrincipals/:key/appRoleAssignedTo", createAssignment("appRoleAssignedTo")),
  route("GET", "servicePrincipals/:key/appRoleAssignedTo/:child", getAssignment("appRoleAssignedTo")),
  route("DELETE", "servicePrincipals/:key/appRoleAssignedTo/:child", deleteAssignment("appRoleAssignedTo")),
  route("GET", "servicePrincipals/:key/appRoleAssignments", listAssignments("appRoleAssignments")),
  route("POST", "servicePrincipals/:key/appRoleAssignments", createAssignment("appRoleAssignments")),
  route("GET", "servicePrincipals/:key/appRoleAssignments/:child", getAssignment("appRoleAssignments")),
  route("DELETE", "servicePrincipals/:key/appRoleAssignments/:child", deleteAssignment("appRoleAssignments")),
  route("GET", "servicePrincipals/:key/owners", listOwners(findServicePrincipal)),
  route("POST", "servicePrincipals/:key/owners/$ref", addOwner(findServicePrincipal)),
  route("DELETE", "servicePrincipals/:key/owners/:child/$ref", removeOwner(findServicePrincipal)),
];

interface Match { route: Route; key?: EntityKey; childId?: string }

/** Splits "/applications(appId='x')/owners" into ["applications", {appId}, "owners"]. */
function tokenize(path: string): { segments: string[]; key?: EntityKey } {
  const raw = path.split("/").filter((segment) => segment.length > 0).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const first = raw[0] ?? "";
  const keyed = /^(\w+)\(appId=(?:'([^']*)'|\{?([0-9a-fA-F-]{36})\}?)\)$/.exec(first);
  const segments = raw.map((segment) => segment.replace(/^microsoft\.graph\./i, ""));
  if (keyed) return { segments: [keyed[1] ?? "", "(appId)", ...segments.slice(1)], key: { by: "appId", value: keyed[2] ?? keyed[3] ?? "" } };
  return { segments };
}

function match(method: string, path: string): Match | "method" | { unknown: string } {
  const { segments, key: appIdKey } = tokenize(path);
  let methodMismatch = false;
  let deepest = 0;
  for (const candidate of ROUTES) {
    const pattern = candidate.pattern.split("/");
    if (pattern.length !== segments.length) continue;
    let key: EntityKey | undefined;
    let childId: string | undefined;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i] ?? "";
      const got = segments[i] ?? "";
      if (want === ":key") key = got === "(appId)" ? appIdKey : { by: "id", value: got };
      else if (want === ":child") childId = got;
      else if (want.toLowerCase() !== got.toLowerCase()) {
        ok = false;
        deepest = Math.max(deepest, i);
      }
    }
    if (!ok) continue;
    if (candidate.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route: candidate, key, childId };
  }
  if (methodMismatch) return "method";
  return { unknown: segments[deepest] ?? path };
}

/**
 * `/beta` serves the same entities for reads: the azuread provider reads a few beta-only properties
 * (`oauth2RequirePostResponse`, `samlMetadataUrl`) there. Of the writes, only the one the provider
 * makes on beta is served (PATCH of an application); the others are answered with a 405 rather than
 * silently applied with v1.0 semantics.
 */
export async function handleGraph(
  emulator: EmulatorContext, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, url: URL, path: string,
  version: "v1.0" | "beta" = "v1.0",
): Promise<void> {
  try {
    const method = req.method ?? "GET";
    const found = match(method, path);
    // Graph authenticates before it resolves the resource: no token, no hints about the routes.
    const caller = authenticateGraph(emulator, req, ctx.at);
    if (found === "method" || (version === "beta" && method !== "GET" && typeof found === "object" && "route" in found && found.route.beta !== true)) {
      throw new GraphFailure(GRAPH.METHOD_NOT_ALLOWED, method, `/${version}${path}`);
    }
    if ("unknown" in found) throw new GraphFailure(GRAPH.SEGMENT_NOT_FOUND, found.unknown);
    const result = await found.route.handler({ emulator, req, url, ctx, caller, key: found.key, childId: found.childId });
    sendGraphJson(res, ctx, result.status, result.body, result.headers);
  } catch (error) {
    if (error instanceof GraphFailure) {
      sendGraphError(res, ctx, error.definition, error.args, error.definition.status === 401 ? { "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' } : {});
      return;
    }
    if (error instanceof RangeError) {
      sendGraphError(res, ctx, GRAPH.BAD_REQUEST, [error.message]);
      return;
    }
    throw error;
  }
}
