// The program's data-source reads (invokes), answered from Graph as the azuread provider answers
// them. Unknown tokens are refused: guessing an answer could plan the wrong thing.

import { ProviderError } from "./errors.ts";
import type { GraphClient } from "./graph.ts";

export interface InvokeRequest {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

/** Who runs the deployment, from the claims of the deployer's token (as the provider reads them). */
export interface DeployerIdentity {
  readonly tenantId: string;
  readonly clientId: string;
  readonly objectId: string;
}

export interface InvokeContext {
  readonly graph: GraphClient;
  readonly deployer: () => Promise<DeployerIdentity>;
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** Graph's servicePrincipal JSON → the shape of azuread.getServicePrincipal's result. */
export function servicePrincipalResult(sp: Json): Json {
  const appRoles = list(sp["appRoles"]);
  const scopes = list(sp["oauth2PermissionScopes"]);
  return {
    id: sp["id"],
    objectId: sp["id"],
    clientId: sp["appId"],
    displayName: sp["displayName"],
    accountEnabled: sp["accountEnabled"],
    alternativeNames: sp["alternativeNames"] ?? [],
    appRoleAssignmentRequired: sp["appRoleAssignmentRequired"],
    applicationTenantId: sp["appOwnerOrganizationId"],
    description: sp["description"] ?? "",
    notes: sp["notes"] ?? "",
    servicePrincipalNames: sp["servicePrincipalNames"] ?? [],
    signInAudience: sp["signInAudience"],
    tags: sp["tags"] ?? [],
    type: sp["servicePrincipalType"],
    appRoles: appRoles.map((r) => ({
      allowedMemberTypes: r["allowedMemberTypes"],
      description: r["description"],
      displayName: r["displayName"],
      enabled: r["isEnabled"],
      id: r["id"],
      value: r["value"],
    })),
    appRoleIds: Object.fromEntries(appRoles.filter((r) => typeof r["value"] === "string" && r["value"] !== "").map((r) => [r["value"], r["id"]])),
    oauth2PermissionScopes: scopes.map((s) => ({
      adminConsentDescription: s["adminConsentDescription"],
      adminConsentDisplayName: s["adminConsentDisplayName"],
      enabled: s["isEnabled"],
      id: s["id"],
      type: s["type"],
      userConsentDescription: s["userConsentDescription"],
      userConsentDisplayName: s["userConsentDisplayName"],
      value: s["value"],
    })),
    oauth2PermissionScopeIds: Object.fromEntries(scopes.filter((s) => typeof s["value"] === "string" && s["value"] !== "").map((s) => [s["value"], s["id"]])),
  };
}

/** By clientId as the azuread provider looks it up: a $filter list, then a beta read of one property. */
async function findServicePrincipal(graph: GraphClient, inputs: Json): Promise<Json> {
  let found: Json[];
  if (typeof inputs["objectId"] === "string") {
    found = [(await graph.call("GET", `/v1.0/servicePrincipals/${encodeURIComponent(inputs["objectId"])}`)) ?? {}];
  } else {
    const [property, value] =
      typeof inputs["clientId"] === "string" ? ["appId", inputs["clientId"]] : typeof inputs["displayName"] === "string" ? ["displayName", inputs["displayName"]] : [undefined, undefined];
    if (property === undefined) throw new ProviderError("UNSUPPORTED_INPUT", "getServicePrincipal needs clientId, objectId or displayName", "pass one of them");
    const filter = encodeURIComponent(`${property} eq '${String(value).replace(/'/g, "''")}'`);
    found = list((await graph.call("GET", `/v1.0/servicePrincipals?%24filter=${filter}`))?.["value"]);
  }
  const sp = found[0];
  if (found.length !== 1 || sp === undefined) {
    throw new ProviderError("GRAPH_ERROR", `getServicePrincipal: ${found.length} service principals match ${JSON.stringify(inputs)}`, "look it up by clientId or objectId");
  }
  const beta = await graph.call("GET", `/beta/servicePrincipals/${String(sp["id"])}?%24select=samlMetadataUrl`);
  return { ...sp, samlMetadataUrl: beta?.["samlMetadataUrl"] ?? null };
}

export async function answerInvoke(request: InvokeRequest, ctx: InvokeContext): Promise<Json> {
  switch (request.token) {
    case "azuread:index/getClientConfig:getClientConfig": {
      const deployer = await ctx.deployer();
      return { id: deployer.clientId, clientId: deployer.clientId, objectId: deployer.objectId, tenantId: deployer.tenantId };
    }
    case "azuread:index/getServicePrincipal:getServicePrincipal":
      return servicePrincipalResult(await findServicePrincipal(ctx.graph, request.inputs));
    default:
      throw new ProviderError("UNKNOWN_INVOKE", `the program calls ${request.token}, which the substitute azuread provider does not answer`, "use the real azuread provider, or add it to engine/azuread-provider/invokes.ts");
  }
}
