// POST /{tenant}/oauth2/v2.0/token — the client-credentials grant, with Entra's checks in
// Entra's order: tenant, request shape, grant, client, scope, credential, policy.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AADSTS } from "../errors.ts";
import { TENANT_ALIASES } from "../discovery/handler.ts";
import type { EmulatorContext } from "../context.ts";
import { readBody } from "../http/body.ts";
import { bodyLimit } from "../http/limits.ts";
import { entraHeaders, sendAadsts, sendJson } from "../http/respond.ts";
import type { RequestContext } from "../http/respond.ts";
import type { ApplicationRecord, ServicePrincipalRecord, Tenant } from "../store/types.ts";
import { issueAccessToken, TOKEN_LIFETIME_SECONDS } from "./access-token.ts";
import { checkClientAssertion, JWT_BEARER } from "./client-assertion.ts";
import { checkClientSecret } from "./client-secret.ts";
import { checkFederatedAssertion, isFederatedAssertion } from "./federated-assertion.ts";
import type { Rejection } from "./rejection.ts";
import { parseTokenRequest } from "./request.ts";
import { resolveScope } from "./scope.ts";

export async function handleToken(
  emulator: EmulatorContext, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, tenantSegment: string,
): Promise<void> {
  const body = await readBody(req, bodyLimit("token"));
  const outcome = await decide(emulator, req, ctx, tenantSegment, body);
  if ("error" in outcome) {
    sendAadsts(res, ctx, outcome.error, outcome.args);
    return;
  }
  sendJson(res, 200, { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: outcome.token }, entraHeaders(ctx));
}

async function decide(
  emulator: EmulatorContext, req: IncomingMessage, ctx: RequestContext, tenantSegment: string, body: Buffer,
): Promise<Rejection | { token: string }> {
  const { directory } = emulator;
  const now = ctx.at;
  if (TENANT_ALIASES.has(tenantSegment.toLowerCase())) return { error: AADSTS.NO_TENANT, args: [] };
  const tenant = directory.store.findTenant(tenantSegment);
  if (!tenant) return { error: AADSTS.TENANT_NOT_FOUND, args: [tenantSegment] };

  // Entra reads OAuth parameters from the body only: one sent in the query string is "missing"
  // (900144). The query string itself is ignored, since MSAL puts client-request-id and its
  // telemetry (x-client-SKU, …) there.
  const request = parseTokenRequest(req, body);
  if (request.duplicate !== undefined) return { error: AADSTS.DUPLICATE_PARAMETER, args: [request.duplicate] };
  const field = (name: string): string | null => request.form.get(name);

  const grantType = field("grant_type");
  if (grantType === null || grantType === "") return { error: AADSTS.MISSING_PARAMETER, args: ["grant_type"] };
  if (grantType !== "client_credentials") return { error: AADSTS.UNSUPPORTED_GRANT, args: [grantType] };

  const clientId = field("client_id") ?? request.basic?.clientId ?? null;
  if (clientId === null || clientId === "") return { error: AADSTS.MISSING_PARAMETER, args: ["client_id"] };
  const scope = field("scope");
  if (scope === null || scope.trim() === "") return { error: AADSTS.MISSING_PARAMETER, args: ["scope"] };

  const client = findClient(emulator, tenant, clientId, now);
  if ("error" in client) return client;
  const { app, sp } = client;

  const servicePrincipals = directory.store.servicePrincipals(tenant.id);
  const resolved = resolveScope(scope, servicePrincipals, [emulator.origin], tenant.graphServicePrincipalId, tenantSegment);
  if (!resolved.ok) return { error: resolved.error, args: resolved.args };

  const credential = await authenticate(emulator, request, field, clientId, app, tenant, tenantSegment, now);
  if (credential && "error" in credential) return credential;
  if (!sp.accountEnabled) return { error: AADSTS.APP_DISABLED, args: [app.appId, app.displayName] };
  if (tenant.conditionalAccess.blockAll || tenant.conditionalAccess.blockedAppIds.has(app.appId)) {
    return { error: AADSTS.CONDITIONAL_ACCESS, args: [] };
  }

  const { token } = await issueAccessToken({
    audience: resolved.audience, tenantId: tenant.id, appId: app.appId, appDisplayName: app.displayName,
    servicePrincipalId: sp.id, roles: directory.effectiveRoleValues(tenant.id, sp.id, resolved.resource.id, now),
    appidacr: credential?.appidacr ?? "1", now,
  }, emulator.signingKey);
  return { token };
}

function findClient(
  emulator: EmulatorContext, tenant: Tenant, clientId: string, now: number,
): Rejection | { app: ApplicationRecord; sp: ServicePrincipalRecord } {
  const { store } = emulator.directory;
  const visible = (createdAt: number): boolean => now - createdAt >= tenant.replication.applicationMs;
  const wanted = clientId.toLowerCase();
  const app = store.applications(tenant.id).find((candidate) => candidate.appId.toLowerCase() === wanted);
  if (!app || !visible(app.createdAt)) return { error: AADSTS.APP_NOT_FOUND, args: [clientId, tenant.displayName] };
  const sp = store.servicePrincipals(tenant.id).find((candidate) => candidate.appId === app.appId);
  if (!sp) return { error: AADSTS.MISSING_SERVICE_PRINCIPAL, args: [app.appId, tenant.id] };
  if (!visible(sp.createdAt)) return { error: AADSTS.APP_NOT_FOUND, args: [clientId, tenant.displayName] };
  return { app, sp };
}

async function authenticate(
  emulator: EmulatorContext, request: ReturnType<typeof parseTokenRequest>, field: (name: string) => string | null,
  clientId: string, app: ApplicationRecord, tenant: Tenant, tenantSegment: string, now: number,
): Promise<Rejection | { appidacr: "1" | "2" } | undefined> {
  // RFC 6749 §2.3 forbids a client to use more than one authentication method per request, but no
  // Microsoft source says what Entra answers when it does. Unsourced, so kept as it was: a body
  // secret is preferred to a Basic one (a Basic header naming another client is still refused), and
  // a secret plus an assertion must both be valid (the token then says appidacr 2).
  const secret = field("client_secret") ?? (request.basic && request.basic.clientId.toLowerCase() === clientId.toLowerCase() ? request.basic.clientSecret : null);
  if (request.basic && request.basic.clientId.toLowerCase() !== clientId.toLowerCase()) {
    return { error: AADSTS.INVALID_SECRET, args: [app.appId] };
  }
  const assertion = field("client_assertion");
  if ((secret === null || secret === "") && (assertion === null || assertion === "")) {
    return { error: AADSTS.MISSING_CREDENTIAL, args: [] };
  }
  if (secret !== null && secret !== "") {
    const rejected = await checkClientSecret(secret, app, tenant, now, emulator.secrets);
    if (rejected) return rejected;
  }
  if (assertion !== null && assertion !== "") {
    const assertionType = field("client_assertion_type");
    if (assertionType === JWT_BEARER && isFederatedAssertion(assertion, clientId)) {
      const rejected = await checkFederatedAssertion({ assertion, app, tenant, now, keys: emulator.issuerKeys });
      return rejected ?? { appidacr: "2" };
    }
    const endpoints = [...new Set([tenantSegment, tenant.id, tenant.domain])].flatMap((segment) => [
      `${emulator.origin}/${segment}/oauth2/v2.0/token`, `${emulator.origin}/${segment}/oauth2/token`,
    ]);
    const rejected = await checkClientAssertion({
      assertion, assertionType, clientId, app, tenant, audiences: endpoints, now,
    });
    if (rejected) return rejected;
    return { appidacr: "2" };
  }
  return { appidacr: "1" };
}
