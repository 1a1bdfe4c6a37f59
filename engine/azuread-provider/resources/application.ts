// azuread.Application → /v1.0/applications. Every input updates in place (PATCH), as in the provider.

import { readOrGone, readOwners, tagsOf, textOf } from "./read.ts";
import { ProviderError } from "../errors.ts";
import { ownerBindings, syncOwners } from "./owners.ts";
import { computedOutputs, str, type ResourceProvider } from "./types.ts";

/** Provider input → Graph property (owners are handled separately). */
const PROPERTIES: Readonly<Record<string, string>> = {
  displayName: "displayName",
  description: "description",
  notes: "notes",
  signInAudience: "signInAudience",
  tags: "tags",
  identifierUris: "identifierUris",
  requiredResourceAccesses: "requiredResourceAccess",
};

interface ResourceAccessInput {
  resourceAppId?: unknown;
  resourceAccesses?: { id?: unknown; type?: unknown }[];
}

function graphValue(input: string, value: unknown): unknown {
  if (input !== "requiredResourceAccesses") return value ?? null;
  return (Array.isArray(value) ? (value as ResourceAccessInput[]) : []).map((r) => ({
    resourceAppId: r.resourceAppId,
    resourceAccess: (r.resourceAccesses ?? []).map((a) => ({ id: a.id, type: a.type })),
  }));
}

function body(inputs: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const property = PROPERTIES[key];
    if (property !== undefined) result[property] = graphValue(key, inputs[key]);
  }
  return result;
}

export const application: ResourceProvider = {
  type: "azuread:index/application:Application",
  // Left out, these take the schema's default or what Graph has (the real provider keeps that in state).
  rules: { replaceOn: [], computed: ["preventDuplicateNames", "signInAudience"] },
  inputs: [...Object.keys(PROPERTIES), "owners", "preventDuplicateNames"],

  async create(inputs, { graph }) {
    const displayName = str(inputs["displayName"]) ?? "";
    if (inputs["preventDuplicateNames"] === true) {
      const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
      const existing = await graph.call("GET", `/v1.0/applications?$filter=${filter}&$select=id`);
      if (Array.isArray(existing?.["value"]) && existing["value"].length > 0) {
        throw new ProviderError("GRAPH_ERROR", `an application named "${displayName}" already exists`, "choose another displayName or unset preventDuplicateNames");
      }
    }
    const present = Object.keys(PROPERTIES).filter((k) => inputs[k] !== undefined);
    const created = (await graph.call("POST", "/v1.0/applications", {
      signInAudience: "AzureADMyOrg",
      ...body(inputs, present),
      ...ownerBindings(graph, inputs["owners"]),
    })) ?? {};
    const objectId = String(created["id"]);
    return {
      id: `/applications/${objectId}`,
      outputs: {
        ...inputs,
        signInAudience: created["signInAudience"],
        objectId,
        clientId: created["appId"],
        publisherDomain: created["publisherDomain"],
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
    const patch = body(inputs, changed);
    if (Object.keys(patch).length > 0) await graph.call("PATCH", `/v1.0/applications/${objectId}`, patch);
    if (changed.includes("owners")) await syncOwners(graph, "applications", objectId, previous.inputs["owners"], inputs["owners"]);
    return { ...computedOutputs(previous, this.inputs), ...inputs };
  },

  async read(entry, { graph }) {
    const objectId = String(entry.outputs["objectId"]);
    const app = await readOrGone(graph, `/v1.0/applications/${objectId}`);
    const owners = app === undefined ? undefined : await readOwners(graph, "applications", objectId);
    if (app === undefined || owners === undefined) return undefined;
    return { displayName: app["displayName"], notes: textOf(app["notes"]), description: textOf(app["description"]), tags: tagsOf(app["tags"]), owners, clientId: app["appId"] };
  },

  async delete(entry, { graph }) {
    // Deleting the application also deletes its service principal and that one's role assignments.
    return graph.remove("DELETE", `/v1.0/applications/${String(entry.outputs["objectId"])}`);
  },
};
