// Owners of an application or service principal: bound at creation, then added and removed one
// reference at a time (Graph has no "replace the owner list" call).

import { directoryObjectRef, type GraphClient } from "../graph.ts";
import { strings } from "./types.ts";

export function ownerBindings(graph: GraphClient, owners: unknown): Record<string, unknown> {
  const ids = strings(owners);
  return ids.length === 0 ? {} : { "owners@odata.bind": ids.map((id) => directoryObjectRef(graph, id)) };
}

export async function syncOwners(graph: GraphClient, collection: "applications" | "servicePrincipals", objectId: string, olds: unknown, news: unknown): Promise<void> {
  const before = new Set(strings(olds).map((id) => id.toLowerCase()));
  const after = new Set(strings(news).map((id) => id.toLowerCase()));
  for (const id of after) {
    if (!before.has(id)) await graph.call("POST", `/v1.0/${collection}/${objectId}/owners/$ref`, { "@odata.id": directoryObjectRef(graph, id) });
  }
  for (const id of before) {
    if (!after.has(id)) await graph.remove("DELETE", `/v1.0/${collection}/${objectId}/owners/${id}/$ref`);
  }
}
