// azuread.AppRoleAssignment → /v1.0/servicePrincipals/{resource}/appRoleAssignedTo: admin consent for
// one application permission. Immutable: any change replaces it.

import { readOrGone } from "./read.ts";
import { str, type ResourceProvider } from "./types.ts";

export const appRoleAssignment: ResourceProvider = {
  type: "azuread:index/appRoleAssignment:AppRoleAssignment",
  rules: { replaceOn: "all" },
  inputs: ["appRoleId", "principalObjectId", "resourceObjectId"],

  async create(inputs, { graph }) {
    const resourceId = str(inputs["resourceObjectId"]) ?? "";
    const created = (await graph.call("POST", `/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo`, {
      principalId: inputs["principalObjectId"],
      resourceId,
      appRoleId: inputs["appRoleId"],
    })) ?? {};
    return {
      // The provider's id is the assignment's Graph path.
      id: `/servicePrincipals/${resourceId}/appRoleAssignedTo/${String(created["id"])}`,
      outputs: {
        ...inputs,
        principalDisplayName: created["principalDisplayName"],
        principalType: created["principalType"],
        resourceDisplayName: created["resourceDisplayName"],
      },
    };
  },

  async read(entry, { graph }) {
    const assignment = await readOrGone(graph, `/v1.0${entry.id}`);
    return assignment === undefined ? undefined : { principalDisplayName: assignment["principalDisplayName"], resourceDisplayName: assignment["resourceDisplayName"] };
  },

  async delete(entry, { graph }) {
    return graph.remove("DELETE", `/v1.0${entry.id}`);
  },
};
