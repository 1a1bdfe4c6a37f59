// azuread.AppRoleAssignment → /v1.0/servicePrincipals/{resource}/appRoleAssignedTo: admin consent for
// one application permission. Immutable: any change replaces it. As the real provider: the resource
// service principal is read first, the create is retried while Graph does not know the new principal
// yet (404, or 400 "Not a valid reference update"), and the assignment is read back by its id.

import { retrying } from "../consistency.ts";
import { ProviderError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";
import { readOrGone } from "./read.ts";
import { str, type ResourceProvider } from "./types.ts";

/** `/servicePrincipals/{resource}/appRoleAssignedTo/{assignment}`: the provider's id is the Graph path. */
function assignmentPath(id: string): string {
  if (!/^\/servicePrincipals\/[0-9a-fA-F-]{36}\/appRoleAssignedTo\/[A-Za-z0-9_-]+$/.test(id)) {
    throw new ProviderError("UNSUPPORTED_INPUT", `${JSON.stringify(id)} is not an app role assignment id`, "use /servicePrincipals/{resourceObjectId}/appRoleAssignedTo/{assignmentId}");
  }
  return `/v1.0${id}`;
}

async function readAssignment(graph: GraphClient, id: string): Promise<Record<string, unknown> | undefined> {
  const assignment = await readOrGone(graph, assignmentPath(id));
  if (assignment === undefined) return undefined;
  return {
    appRoleId: assignment["appRoleId"],
    principalObjectId: assignment["principalId"],
    resourceObjectId: assignment["resourceId"],
    principalDisplayName: assignment["principalDisplayName"],
    principalType: assignment["principalType"],
    resourceDisplayName: assignment["resourceDisplayName"],
  };
}

export const appRoleAssignment: ResourceProvider = {
  type: "azuread:index/appRoleAssignment:AppRoleAssignment",
  rules: { replaceOn: "all" },
  inputs: ["appRoleId", "principalObjectId", "resourceObjectId"],

  async create(inputs, { graph, patience }) {
    const resourceId = str(inputs["resourceObjectId"]) ?? "";
    if ((await readOrGone(graph, `/v1.0/servicePrincipals/${resourceId}`)) === undefined) {
      throw new ProviderError("GRAPH_ERROR", `Service principal not found for resource (Object ID: "${resourceId}")`, "check resourceObjectId: the API's service principal must exist in this tenant");
    }
    const created = (await retrying(
      () => graph.call("POST", `/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo`, {
        "@odata.type": "#microsoft.graph.appRoleAssignment",
        appRoleId: inputs["appRoleId"],
        principalId: inputs["principalObjectId"],
        resourceId,
      }),
      (e) => e.status === 404 || (e.status === 400 && e.message.includes("Not a valid reference update")),
      patience,
    )) ?? {};
    const id = `/servicePrincipals/${resourceId}/appRoleAssignedTo/${String(created["id"])}`;
    return { id, outputs: { ...inputs, ...((await readAssignment(graph, id)) ?? {}) } };
  },

  read: (entry, { graph }) => readAssignment(graph, entry.id),

  async delete(entry, { graph }) {
    await graph.call("DELETE", assignmentPath(entry.id));
  },
};
