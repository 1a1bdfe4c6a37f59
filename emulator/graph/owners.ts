// Owners of applications and service principals: `owners@odata.bind` on create, and the
// /owners, /owners/$ref and /owners/{id}/$ref navigation.
import { GRAPH, GraphFailure } from "../errors.ts";
import type { ApplicationRecord, ServicePrincipalRecord } from "../store/types.ts";
import { requireRead, requireWrite } from "./access.ts";
import { jsonBody } from "./request.ts";
import type { GraphRequest, GraphResult } from "./request.ts";
import { servicePrincipalJson } from "./shapes.ts";

type Owned = ApplicationRecord | ServicePrincipalRecord;

/** Directory object ids from "https://graph.microsoft.com/v1.0/directoryObjects/{id}" style references. */
export function resolveOwnerBindings(request: GraphRequest, value: unknown): string[] {
  const references = typeof value === "string" ? [value] : value;
  if (!Array.isArray(references)) throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid value specified for property 'owners@odata.bind'.");
  return references.map((reference: unknown) => resolveReference(request, reference));
}

function resolveReference(request: GraphRequest, reference: unknown): string {
  const match = typeof reference === "string" ? /\/(?:directoryObjects|servicePrincipals|users)\/([0-9a-fA-F-]{36})\/?$/.exec(reference) : null;
  const id = match?.[1]?.toLowerCase();
  if (!id) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid object identifier '${String(reference)}'.`);
  if (!directoryObject(request, id)) throw new GraphFailure(GRAPH.NOT_FOUND, id);
  return id;
}

function directoryObject(request: GraphRequest, id: string): Record<string, unknown> | undefined {
  const tenantId = request.caller.tenant.id;
  const { store } = request.emulator.directory;
  const sp = store.servicePrincipals(tenantId).find((candidate) => candidate.id === id);
  if (sp) return { "@odata.type": "#microsoft.graph.servicePrincipal", ...servicePrincipalJson(sp) };
  const user = store.tenantData(tenantId)?.users.find((candidate) => candidate.id === id);
  return user ? { "@odata.type": "#microsoft.graph.user", ...user } : undefined;
}

export function listOwners(find: (request: GraphRequest) => Owned) {
  return (request: GraphRequest): GraphResult => {
    const object = find(request);
    requireRead(request.caller, object);
    const value = object.owners.map((id) => directoryObject(request, id)).filter((item) => item !== undefined);
    return { status: 200, body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#directoryObjects`, value } };
  };
}

export function addOwner(find: (request: GraphRequest) => Owned) {
  return async (request: GraphRequest): Promise<GraphResult> => {
    const object = find(request);
    requireWrite(request.caller, object);
    const body = await jsonBody(request);
    const id = resolveReference(request, body["@odata.id"]);
    if (object.owners.includes(id)) {
      throw new GraphFailure(GRAPH.BAD_REQUEST, "One or more added object references already exist for the following modified properties: 'owners'.");
    }
    object.owners.push(id);
    return { status: 204 };
  };
}

export function removeOwner(find: (request: GraphRequest) => Owned) {
  return (request: GraphRequest): GraphResult => {
    const object = find(request);
    requireWrite(request.caller, object);
    const index = object.owners.indexOf((request.childId ?? "").toLowerCase());
    if (index < 0) throw new GraphFailure(GRAPH.NOT_FOUND, request.childId ?? "");
    object.owners.splice(index, 1);
    return { status: 204 };
  };
}
