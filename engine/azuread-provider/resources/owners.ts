// Owners of an application or service principal, in the real provider's sequence: the deployer is
// bound first at creation (with up to 19 of `owners`), the rest are added one reference at a time,
// and the deployer is removed again unless `owners` lists it. An update lists the current owners
// and adds and removes references until they are `owners` (Graph has no "replace the list" call).

import { directoryObjectRef, type GraphClient } from "../graph.ts";
import { readOwners } from "./read.ts";
import { strings } from "./types.ts";

/** Graph binds at most 20 owners in the create request. */
const BIND_LIMIT = 20;

export interface CreationOwners {
  readonly bind: Record<string, unknown>;
  readonly addLater: readonly string[];
  readonly removeCaller: boolean;
}

/** Pure: what the create request binds and what follows it. */
export function creationOwners(graph: GraphClient, callerObjectId: string, owners: unknown): CreationOwners {
  const caller = callerObjectId.toLowerCase();
  const others = strings(owners).filter((id) => id.toLowerCase() !== caller);
  const listed = others.length !== strings(owners).length;
  const first = [callerObjectId, ...others.slice(0, BIND_LIMIT - 1)];
  return { bind: { "owners@odata.bind": first.map((id) => directoryObjectRef(graph, id)) }, addLater: others.slice(BIND_LIMIT - 1), removeCaller: !listed };
}

export async function finishCreationOwners(graph: GraphClient, collection: "applications" | "servicePrincipals", objectId: string, callerObjectId: string, plan: CreationOwners): Promise<void> {
  for (const id of plan.addLater) await graph.call("POST", `/v1.0/${collection}/${objectId}/owners/$ref`, { "@odata.id": directoryObjectRef(graph, id) });
  if (plan.removeCaller) await graph.call("DELETE", `/v1.0/${collection}/${objectId}/owners/${callerObjectId}/$ref`);
}

export async function syncOwners(graph: GraphClient, collection: "applications" | "servicePrincipals", objectId: string, news: unknown): Promise<void> {
  const current = new Set((await readOwners(graph, collection, objectId) ?? []).map((id) => id.toLowerCase()));
  const wanted = new Set(strings(news).map((id) => id.toLowerCase()));
  for (const id of wanted) {
    if (!current.has(id)) await graph.call("POST", `/v1.0/${collection}/${objectId}/owners/$ref`, { "@odata.id": directoryObjectRef(graph, id) });
  }
  for (const id of current) {
    if (!wanted.has(id)) await graph.call("DELETE", `/v1.0/${collection}/${objectId}/owners/${id}/$ref`);
  }
}
