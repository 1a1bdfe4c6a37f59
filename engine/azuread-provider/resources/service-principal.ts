// azuread.ServicePrincipal → /v1.0/servicePrincipals. `clientId` cannot change in place (the
// provider forces a new service principal); everything else is a PATCH.

import { readOrGone, readOwners, tagsOf, textOf } from "./read.ts";
import { ownerBindings, syncOwners } from "./owners.ts";
import { computedOutputs, str, type ResourceProvider } from "./types.ts";

const PROPERTIES: Readonly<Record<string, string>> = {
  accountEnabled: "accountEnabled",
  appRoleAssignmentRequired: "appRoleAssignmentRequired",
  tags: "tags",
  notes: "notes",
};

function body(inputs: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const property = PROPERTIES[key];
    if (property !== undefined) result[property] = inputs[key] ?? null;
  }
  return result;
}

export const servicePrincipal: ResourceProvider = {
  type: "azuread:index/servicePrincipal:ServicePrincipal",
  rules: { replaceOn: ["clientId"], computed: ["accountEnabled", "appRoleAssignmentRequired"] },
  inputs: ["clientId", "owners", ...Object.keys(PROPERTIES)],

  async create(inputs, ctx) {
    const { graph } = ctx;
    const present = Object.keys(PROPERTIES).filter((k) => inputs[k] !== undefined);
    const created = (await graph.call("POST", "/v1.0/servicePrincipals", {
      appId: str(inputs["clientId"]),
      ...body(inputs, present),
      ...ownerBindings(graph, inputs["owners"]),
    })) ?? {};
    const objectId = String(created["id"]);
    return {
      id: `/servicePrincipals/${objectId}`,
      outputs: {
        ...inputs,
        objectId,
        displayName: created["displayName"],
        applicationTenantId: created["appOwnerOrganizationId"],
        type: created["servicePrincipalType"],
        signInAudience: created["signInAudience"],
        servicePrincipalNames: created["servicePrincipalNames"],
        appRoleIds: {},
        oauth2PermissionScopeIds: {},
        // Computed attributes the real provider keeps in state (see application.ts).
        accountEnabled: inputs["accountEnabled"] ?? created["accountEnabled"] ?? true,
        appRoles: [],
        oauth2PermissionScopes: [],
        redirectUris: Array.isArray(created["replyUrls"]) ? created["replyUrls"] : [],
      },
    };
  },

  async update(previous, inputs, changed, ctx) {
    const objectId = String(previous.outputs["objectId"]);
    const patch = body(inputs, changed);
    if (Object.keys(patch).length > 0) await ctx.graph.call("PATCH", `/v1.0/servicePrincipals/${objectId}`, patch);
    if (changed.includes("owners")) await syncOwners(ctx.graph, "servicePrincipals", objectId, previous.inputs["owners"], inputs["owners"]);
    return { ...computedOutputs(previous, this.inputs), ...inputs };
  },

  async read(entry, { graph }) {
    const objectId = String(entry.outputs["objectId"]);
    const sp = await readOrGone(graph, `/v1.0/servicePrincipals/${objectId}`);
    const owners = sp === undefined ? undefined : await readOwners(graph, "servicePrincipals", objectId);
    if (sp === undefined || owners === undefined) return undefined;
    return { displayName: sp["displayName"], notes: textOf(sp["notes"]), tags: tagsOf(sp["tags"]), owners, accountEnabled: sp["accountEnabled"] };
  },

  async delete(entry, { graph }) {
    return graph.remove("DELETE", `/v1.0/servicePrincipals/${String(entry.outputs["objectId"])}`);
  },
};
