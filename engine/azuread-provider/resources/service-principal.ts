// azuread.ServicePrincipal → /v1.0/servicePrincipals, with the real provider's requests: it looks for
// an existing service principal of the application first (and refuses to take one over: "needs to be
// imported"), creates one with the deployer bound as first owner and a temporary description
// (retrying while Graph does not know the new application yet), PATCHes the description back,
// finishes the owners and reads it back. `clientId` cannot change in place; the rest is a PATCH.

import { randomUUID } from "node:crypto";
import { retrying, waitForDeletion } from "../consistency.ts";
import { ProviderError } from "../errors.ts";
import type { GraphClient } from "../graph.ts";
import { readOrGone, readOwners, tagsOf, textOf } from "./read.ts";
import { creationOwners, finishCreationOwners, syncOwners } from "./owners.ts";
import { objectIdFrom, str, strings, type ResourceProvider } from "./types.ts";

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

async function readServicePrincipal(graph: GraphClient, objectId: string): Promise<Record<string, unknown> | undefined> {
  const sp = await readOrGone(graph, `/v1.0/servicePrincipals/${objectId}`);
  if (sp === undefined) return undefined;
  const owners = await readOwners(graph, "servicePrincipals", objectId);
  if (owners === undefined) return undefined;
  await readOrGone(graph, `/beta/servicePrincipals/${objectId}?$select=samlMetadataUrl`);
  return {
    objectId,
    clientId: sp["appId"],
    displayName: sp["displayName"],
    notes: textOf(sp["notes"]),
    tags: tagsOf(sp["tags"]),
    owners,
    accountEnabled: sp["accountEnabled"],
    appRoleAssignmentRequired: sp["appRoleAssignmentRequired"],
    applicationTenantId: sp["appOwnerOrganizationId"],
    type: sp["servicePrincipalType"],
    signInAudience: sp["signInAudience"],
    servicePrincipalNames: sp["servicePrincipalNames"],
    redirectUris: Array.isArray(sp["replyUrls"]) ? sp["replyUrls"] : [],
  };
}

/** Graph's answer while a new application has not replicated to where the service principal is made. */
const applicationNotReplicated = (status: number, message: string) => status === 400 && message.includes("does not reference a valid application object");

export const servicePrincipal: ResourceProvider = {
  type: "azuread:index/servicePrincipal:ServicePrincipal",
  rules: { replaceOn: ["clientId"], computed: ["accountEnabled", "appRoleAssignmentRequired"] },
  inputs: ["clientId", "owners", ...Object.keys(PROPERTIES)],

  async create(inputs, { graph, callerObjectId, patience }) {
    const appId = str(inputs["clientId"]) ?? "";
    const existing = await graph.call("GET", `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId.replace(/'/g, "''")}'`)}`);
    const found = Array.isArray(existing?.["value"]) ? (existing["value"] as { id?: unknown }[]) : [];
    if (found.length > 0) {
      // The real provider's words (tf.ImportAsExistsDiag), so both providers fail alike.
      throw new ProviderError(
        "GRAPH_ERROR",
        `A resource with the ID "/servicePrincipals/${String(found[0]?.id)}" already exists - to be managed via Terraform this resource needs to be imported into the State`,
        "import it into the stack (the program does this when it finds the service principal of its own application; see docs/troubleshooting.md)",
      );
    }
    const owners = creationOwners(graph, callerObjectId, inputs["owners"]);
    const created = (await retrying(
      () => graph.call("POST", "/v1.0/servicePrincipals", {
        "@odata.type": "#microsoft.graph.servicePrincipal",
        accountEnabled: inputs["accountEnabled"] ?? true,
        alternativeNames: [],
        appId,
        appRoleAssignmentRequired: inputs["appRoleAssignmentRequired"] ?? false,
        description: `TERRAFORM_UPDATE_${randomUUID()}`,
        loginUrl: null,
        notes: str(inputs["notes"]) ?? null,
        notificationEmailAddresses: [],
        preferredSingleSignOnMode: null,
        samlSingleSignOnSettings: null,
        tags: strings(inputs["tags"]),
        ...owners.bind,
      }),
      (e) => applicationNotReplicated(e.status, e.message),
      patience,
    )) ?? {};
    const objectId = String(created["id"]);
    await retrying(() => graph.call("PATCH", `/v1.0/servicePrincipals/${objectId}`, { "@odata.type": "#microsoft.graph.servicePrincipal", description: null }), (e) => e.status === 404, patience);
    await finishCreationOwners(graph, "servicePrincipals", objectId, callerObjectId, owners);
    const read = (await readServicePrincipal(graph, objectId)) ?? {};
    return {
      id: `/servicePrincipals/${objectId}`,
      outputs: {
        ...inputs,
        ...read,
        objectId,
        appRoleIds: {},
        oauth2PermissionScopeIds: {},
        appRoles: [],
        oauth2PermissionScopes: [],
        // Computed attributes the real provider keeps in state (see application.ts).
        accountEnabled: inputs["accountEnabled"] ?? read["accountEnabled"] ?? true,
      },
    };
  },

  async update(previous, inputs, changed, { graph }) {
    const objectId = String(previous.outputs["objectId"]);
    const patch = body(inputs, changed);
    if (Object.keys(patch).length > 0) await graph.call("PATCH", `/v1.0/servicePrincipals/${objectId}`, { "@odata.type": "#microsoft.graph.servicePrincipal", ...patch });
    if (changed.includes("owners")) await syncOwners(graph, "servicePrincipals", objectId, inputs["owners"]);
    const read = (await readServicePrincipal(graph, objectId)) ?? {};
    return { ...previous.outputs, ...inputs, ...read, owners: inputs["owners"] ?? read["owners"] };
  },

  read: (entry, { graph }) => readServicePrincipal(graph, objectIdFrom(entry.id, "servicePrincipals")),

  async delete(entry, { graph, patience }) {
    const path = `/v1.0/servicePrincipals/${objectIdFrom(entry.id, "servicePrincipals")}`;
    await graph.call("DELETE", path);
    await waitForDeletion(graph, path, patience);
  },
};
