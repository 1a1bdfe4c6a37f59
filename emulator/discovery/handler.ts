// GET /{tenant}/v2.0/.well-known/openid-configuration and GET /{tenant}/discovery/v2.0/keys.
// MSAL reads the metadata before its first token request; its issuer must be on our origin.
import type { ServerResponse } from "node:http";
import { AADSTS } from "../errors.ts";
import type { EmulatorContext } from "../context.ts";
import { sendAadsts, sendJson } from "../http/respond.ts";
import type { RequestContext } from "../http/respond.ts";

/** Multi-tenant aliases: metadata exists for them, with `{tenantid}` placeholders as in Entra. */
export const TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

function tenantIdFor(emulator: EmulatorContext, segment: string): string | undefined {
  if (TENANT_ALIASES.has(segment.toLowerCase())) return "{tenantid}";
  return emulator.directory.store.findTenant(segment)?.id;
}

export function handleOpenIdConfiguration(emulator: EmulatorContext, res: ServerResponse, ctx: RequestContext, segment: string): void {
  const tid = tenantIdFor(emulator, segment);
  if (tid === undefined) return sendAadsts(res, ctx, AADSTS.TENANT_NOT_FOUND, [segment]);
  const base = `${emulator.origin}/${TENANT_ALIASES.has(segment.toLowerCase()) ? segment.toLowerCase() : tid}`;
  sendJson(res, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${emulator.origin}/${tid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${emulator.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(emulator.origin).host,
    rbac_url: "https://pas.windows.net",
  }, { "Cache-Control": "max-age=86400, private", "Access-Control-Allow-Origin": "*" });
}

export function handleKeys(emulator: EmulatorContext, res: ServerResponse, ctx: RequestContext, segment: string): void {
  const tid = tenantIdFor(emulator, segment);
  if (tid === undefined) return sendAadsts(res, ctx, AADSTS.TENANT_NOT_FOUND, [segment]);
  sendJson(res, 200, { keys: [{ ...emulator.signingKey.jwk, issuer: `${emulator.origin}/${tid}/v2.0` }] },
    { "Cache-Control": "max-age=86400, private", "Access-Control-Allow-Origin": "*" });
}
