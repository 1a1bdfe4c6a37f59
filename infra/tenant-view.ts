// The program's own reads of the tenant, signed in as the deployer with the provider's settings
// (`azuread:*` config, then ARM_*): the identity's passwords and grants for tenant-findings.ts, and
// the deployer's token roles for the owners check. Reads only, each with a timeout; a deployer that
// does not sign in with a client secret (Azure CLI, OIDC, managed identity) skips these checks, and
// the program says so: they add reports, the deploy never depends on them.

import { Agent } from "undici";
import { GraphClient } from "../engine/azuread-provider/graph.ts";
import { resolveEndpoints, resolveSettings } from "../engine/azuread-provider/settings.ts";
import { acquireToken, tokenClaims } from "../engine/azuread-provider/token.ts";
import type { TenantGrant, TenantPassword, TenantSnapshot } from "./tenant-findings.ts";

export interface DeployerSession {
  readonly graph: GraphClient;
  /** The deployer token's app roles (`roles`) and directory roles (`wids`). */
  readonly roles: readonly string[];
  readonly directoryRoles: readonly string[];
}

const HTTP_TIMEOUT_MS = 15_000;

/** The `azuread:*` provider config as the provider reads it (keys without the namespace). */
export function providerConfig(allConfig: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(allConfig).filter(([k]) => k.startsWith("azuread:")).map(([k, v]) => [k.slice("azuread:".length), v]));
}

export async function signInAsDeployer(config: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): Promise<DeployerSession | { skipped: string }> {
  let settings;
  try {
    settings = resolveSettings(config, env);
  } catch {
    return { skipped: "the deployer does not sign in with a client secret (azuread:clientSecret or ARM_CLIENT_SECRET)" };
  }
  const http = { dispatcher: new Agent({ connectTimeout: 10_000 }), timeoutMs: HTTP_TIMEOUT_MS };
  const endpoints = await resolveEndpoints(settings, http);
  const token = await acquireToken(http, endpoints.loginEndpoint, `${endpoints.graphEndpoint}/.default`, settings);
  const claims = tokenClaims(token);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return { graph: new GraphClient(http, endpoints.graphEndpoint, async () => token), roles: list(claims["roles"]), directoryRoles: list(claims["wids"]) };
}

async function readOrGone(graph: GraphClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await graph.call("GET", path)) ?? {};
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

export async function readTenantSnapshot(graph: GraphClient, applicationObjectId: string, servicePrincipalObjectId: string): Promise<TenantSnapshot> {
  const [app, grants] = await Promise.all([
    readOrGone(graph, `/v1.0/applications/${applicationObjectId}?$select=id,passwordCredentials`),
    readOrGone(graph, `/v1.0/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignments`),
  ]);
  const passwords: TenantPassword[] | undefined = app === undefined ? undefined : (Array.isArray(app["passwordCredentials"]) ? (app["passwordCredentials"] as Record<string, unknown>[]) : []).map((p) => ({
    keyId: String(p["keyId"]),
    displayName: typeof p["displayName"] === "string" ? p["displayName"] : "",
    endDateTime: String(p["endDateTime"] ?? ""),
  }));
  const assigned: TenantGrant[] | undefined = grants === undefined ? undefined : (Array.isArray(grants["value"]) ? (grants["value"] as Record<string, unknown>[]) : []).map((g) => ({
    appRoleId: String(g["appRoleId"]),
    resourceId: String(g["resourceId"]),
    resourceDisplayName: String(g["resourceDisplayName"] ?? ""),
  }));
  return { passwords, grants: assigned };
}
