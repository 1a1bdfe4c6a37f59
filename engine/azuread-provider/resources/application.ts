// azuread.Application → /v1.0/applications, with the real provider's requests (recorded in
// test/real-engine/fixtures/provider-requests.json): the create sends the whole object with the
// deployer bound as first owner, then PATCHes the display name to a temporary value and back (its
// proof that the new object has replicated), finishes the owners and reads the application back;
// an update PATCHes the whole object. Every input updates in place.

import { randomUUID } from "node:crypto";
import { ProviderError } from "../errors.ts";
import { retrying, waitForDeletion, type Patience } from "../consistency.ts";
import type { GraphClient } from "../graph.ts";
import { readOrGone, readOwners, tagsOf, textOf } from "./read.ts";
import { creationOwners, finishCreationOwners, syncOwners } from "./owners.ts";
import { objectIdFrom, str, strings, type ResourceProvider } from "./types.ts";

interface ResourceAccessInput {
  resourceAppId?: unknown;
  resourceAccesses?: { id?: unknown; type?: unknown }[];
}

const requiredResourceAccess = (value: unknown) =>
  (Array.isArray(value) ? (value as ResourceAccessInput[]) : []).map((r) => ({
    resourceAppId: r.resourceAppId,
    resourceAccess: (r.resourceAccesses ?? []).map((a) => ({ id: a.id, type: a.type })),
  }));

const noZero = (value: unknown): unknown => (typeof value === "string" && value !== "" ? value : null);

/** The properties the provider sends on every create and update (its `stable.Application{…}`). */
function commonBody(inputs: Record<string, unknown>): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.application",
    api: { acceptMappedClaims: null, knownClientApplications: [], oauth2PermissionScopes: [], preAuthorizedApplications: [], requestedAccessTokenVersion: null },
    description: noZero(inputs["description"]),
    displayName: str(inputs["displayName"]) ?? "",
    groupMembershipClaims: null,
    info: { marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    isDeviceOnlyAuthSupported: false,
    isFallbackPublicClient: false,
    notes: noZero(inputs["notes"]),
    publicClient: { redirectUris: [] },
    requiredResourceAccess: requiredResourceAccess(inputs["requiredResourceAccesses"]),
    serviceManagementReference: null,
    signInAudience: str(inputs["signInAudience"]) ?? "AzureADMyOrg",
    spa: { redirectUris: [] },
    tags: strings(inputs["tags"]),
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
  };
}

/** The provider's read: the object, its owners and the one property only beta returns. */
async function readApplication(graph: GraphClient, objectId: string): Promise<Record<string, unknown> | undefined> {
  const app = await readOrGone(graph, `/v1.0/applications/${objectId}`);
  if (app === undefined) return undefined;
  const owners = await readOwners(graph, "applications", objectId);
  if (owners === undefined) return undefined;
  await readOrGone(graph, `/beta/applications/${objectId}?$select=oauth2RequirePostResponse`);
  const access = Array.isArray(app["requiredResourceAccess"]) ? (app["requiredResourceAccess"] as { resourceAppId?: unknown; resourceAccess?: { id?: unknown; type?: unknown }[] }[]) : [];
  return {
    objectId,
    clientId: app["appId"],
    displayName: app["displayName"],
    description: textOf(app["description"]),
    notes: textOf(app["notes"]),
    tags: tagsOf(app["tags"]),
    owners,
    signInAudience: app["signInAudience"],
    publisherDomain: app["publisherDomain"],
    identifierUris: strings(app["identifierUris"]),
    requiredResourceAccesses: access.map((r) => ({ resourceAppId: r.resourceAppId, resourceAccesses: (r.resourceAccess ?? []).map((a) => ({ id: a.id, type: a.type })) })),
  };
}

/** The temporary display name round trip, retried while Graph has not replicated the new object. */
async function patchDisplayName(graph: GraphClient, objectId: string, displayName: string, patience: Patience | undefined): Promise<void> {
  await retrying(() => graph.call("PATCH", `/v1.0/applications/${objectId}`, { "@odata.type": "#microsoft.graph.application", displayName }), (e) => e.status === 404 || e.status === 409, patience);
}

export const application: ResourceProvider = {
  type: "azuread:index/application:Application",
  // Left out, these take the schema's default or what Graph has (the real provider keeps that in state).
  rules: { replaceOn: [], computed: ["preventDuplicateNames", "signInAudience"] },
  inputs: ["displayName", "description", "notes", "signInAudience", "tags", "identifierUris", "requiredResourceAccesses", "owners", "preventDuplicateNames"],

  async create(inputs, { graph, callerObjectId, patience }) {
    const displayName = str(inputs["displayName"]) ?? "";
    if (inputs["preventDuplicateNames"] === true) {
      const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
      const existing = await graph.call("GET", `/v1.0/applications?$filter=${filter}&$select=id`);
      if (Array.isArray(existing?.["value"]) && existing["value"].length > 0) {
        throw new ProviderError("GRAPH_ERROR", `an application named "${displayName}" already exists`, "choose another displayName or unset preventDuplicateNames");
      }
    }
    const owners = creationOwners(graph, callerObjectId, inputs["owners"]);
    const created = (await graph.call("POST", "/v1.0/applications", {
      ...commonBody(inputs),
      appRoles: [],
      identifierUris: strings(inputs["identifierUris"]),
      optionalClaims: { accessToken: [], idToken: [], saml2Token: [] },
      ...owners.bind,
    })) ?? {};
    const objectId = String(created["id"]);
    for (const name of [`TERRAFORM_UPDATE_${randomUUID()}`, displayName]) await patchDisplayName(graph, objectId, name, patience);
    await finishCreationOwners(graph, "applications", objectId, callerObjectId, owners);
    const read = (await readApplication(graph, objectId)) ?? {};
    return {
      id: `/applications/${objectId}`,
      outputs: {
        ...inputs,
        ...read,
        objectId,
        clientId: created["appId"],
        disabledByMicrosoft: "",
        // Computed attributes the real provider keeps in state: without them it would plan an update
        // of a stack the substitute deployed.
        appRoleIds: {},
        oauth2PermissionScopeIds: {},
        preventDuplicateNames: inputs["preventDuplicateNames"] ?? false,
      },
    };
  },

  async update(previous, inputs, changed, { graph }) {
    const objectId = String(previous.outputs["objectId"]);
    await graph.call("PATCH", `/v1.0/applications/${objectId}`, {
      ...commonBody(inputs),
      ...(changed.includes("identifierUris") ? { identifierUris: strings(inputs["identifierUris"]) } : {}),
    });
    if (changed.includes("owners")) await syncOwners(graph, "applications", objectId, inputs["owners"]);
    const read = (await readApplication(graph, objectId)) ?? {};
    return { ...previous.outputs, ...inputs, ...read, owners: inputs["owners"] ?? read["owners"] };
  },

  read: (entry, { graph }) => readApplication(graph, objectIdFrom(entry.id, "applications")),

  async delete(entry, { graph, patience }) {
    // Deleting the application also deletes its service principal and that one's role assignments.
    const path = `/v1.0/applications/${objectIdFrom(entry.id, "applications")}`;
    await graph.call("DELETE", path);
    await waitForDeletion(graph, path, patience);
  },
};
