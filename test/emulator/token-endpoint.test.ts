import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AADSTS, startEmulator } from "../../emulator/index.ts";
import type { AadstsDefinition, Emulator, WorkloadCredentials } from "../../emulator/index.ts";
import { claimsOf, expectAadstsShape, getToken, graph, GRAPH_SCOPE, send, tokenRequest } from "./helpers.ts";

let emulator: Emulator;
let workload: WorkloadCredentials;
let bare: WorkloadCredentials;          // no permissions
let disabled: WorkloadCredentials;
let blocked: WorkloadCredentials;
let expired: { clientId: string; secret: string };
let withoutSp: { clientId: string };
const BASE_NOW = Date.parse("2030-01-01T00:00:00Z");

beforeAll(async () => {
  emulator = await startEmulator({ now: () => BASE_NOW });
  workload = emulator.control.createWorkload({ displayName: "token-tests", permissions: ["User.Read.All", "Group.Read.All"] });
  bare = emulator.control.createWorkload({ displayName: "no-permissions", permissions: [] });
  disabled = emulator.control.createWorkload({ displayName: "disabled", permissions: [] });
  blocked = emulator.control.createWorkload({ displayName: "blocked", permissions: [] });
  emulator.control.setConditionalAccess(emulator.defaultTenantId, { blockedAppIds: [blocked.clientId] });
  const deployer = emulator.control.createDeployer();
  const token = await getToken(emulator, deployer);
  expect((await graph(emulator, token, "PATCH", `/servicePrincipals/${disabled.servicePrincipalObjectId}`, { accountEnabled: false })).status).toBe(204);
  const app = await graph(emulator, token, "POST", "/applications", { displayName: "no service principal" });
  withoutSp = { clientId: String(app.body.appId) };
  const past = await graph(emulator, token, "POST", `/applications/${bare.applicationObjectId}/addPassword`, {
    passwordCredential: { displayName: "old", startDateTime: "2028-01-01T00:00:00Z", endDateTime: "2029-01-01T00:00:00Z" },
  });
  expired = { clientId: bare.clientId, secret: String(past.body.secretText) };
});

afterAll(async () => {
  await emulator?.close();
});

const form = (overrides: Record<string, string | undefined> = {}): Record<string, string> => {
  const fields: Record<string, string | undefined> = {
    grant_type: "client_credentials", client_id: workload.clientId, client_secret: workload.clientSecret, scope: GRAPH_SCOPE, ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

describe("token endpoint: successful client-credentials grants", () => {
  it("issues a v1.0 app-only Graph token with Microsoft's claims, lifetime and headers", async () => {
    const response = await tokenRequest(emulator, workload.tenantId, form());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, no-cache");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "ext_expires_in", "token_type"]);
    expect(response.body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const claims = claimsOf(String(response.body.access_token));
    const now = Math.floor(emulator.control.now() / 1000);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com", iss: `https://sts.windows.net/${workload.tenantId}/`, idp: `https://sts.windows.net/${workload.tenantId}/`,
      appid: workload.clientId, app_displayname: "token-tests", appidacr: "1", idtyp: "app", oid: workload.servicePrincipalObjectId,
      sub: workload.servicePrincipalObjectId, tid: workload.tenantId, ver: "1.0", roles: ["Group.Read.All", "User.Read.All"],
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3900);
    expect(claims.iat).toBe(now - 300);
    expect(typeof claims.uti).toBe("string");
    const header = JSON.parse(Buffer.from(String(response.body.access_token).split(".")[0] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(header).toMatchObject({ typ: "JWT", alg: "RS256" });
    expect(typeof header.nonce).toBe("string");
  });

  it("omits the roles claim when nothing is granted, and still issues the token", async () => {
    const claims = claimsOf(await getToken(emulator, bare));
    expect(claims).not.toHaveProperty("roles");
  });

  it("accepts client_secret_basic with a form-encoded secret", async () => {
    const basic = Buffer.from(`${encodeURIComponent(workload.clientId)}:${encodeURIComponent(workload.clientSecret)}`).toString("base64");
    const response = await tokenRequest(emulator, workload.tenantId, form({ client_id: undefined, client_secret: undefined }), { headers: { authorization: `Basic ${basic}` } });
    expect(response.status).toBe(200);
  });

  it("ignores unknown body fields and MSAL's query-string telemetry", async () => {
    const response = await tokenRequest(emulator, workload.tenantId, form({ "x-client-SKU": "msal.js.node", "client-request-id": "abc" }), { query: "?client-request-id=abc&x-client-VER=1" });
    expect(response.status).toBe(200);
  });

  it("accepts the tenant's onmicrosoft.com domain in place of its id", async () => {
    const { domain } = emulator.control.createTenant({ displayName: "Fabrikam" });
    expect((await tokenRequest(emulator, domain, form())).status).toBe(400); // the workload lives in another tenant
    const tenant = (emulator.control.objects(workload.tenantId).applications[0] as { publisherDomain: string }).publisherDomain;
    expect((await tokenRequest(emulator, tenant, form())).status).toBe(200);
  });

  it.each([
    ["the emulator's own Graph endpoint", () => `${emulator.graphEndpoint}/.default`, () => emulator.graphEndpoint],
    ["Graph's app id", () => "00000003-0000-0000-c000-000000000000/.default", () => "00000003-0000-0000-c000-000000000000"],
  ])("names the audience as requested when the scope is %s, and Graph accepts it", async (_name, scope, audience) => {
    const token = await getToken(emulator, workload, scope());
    expect(claimsOf(token).aud).toBe(audience());
    expect((await graph(emulator, token, "GET", "/users?$top=1")).status).toBe(200);
  });

  it("echoes the client-request-id header as the correlation id of an error", async () => {
    const response = await tokenRequest(emulator, workload.tenantId, form({ client_secret: "wrong" }), { headers: { "client-request-id": "6c4f0d38-4a0b-4c2b-9a7e-3d9f1b2a1c00" } });
    expect(response.body.correlation_id).toBe("6c4f0d38-4a0b-4c2b-9a7e-3d9f1b2a1c00");
  });
});

describe("token endpoint: the AADSTS error matrix", () => {
  type Case = [name: string, expected: AadstsDefinition, request: () => Promise<Awaited<ReturnType<typeof tokenRequest>>>];
  const tid = (): string => workload.tenantId;
  const cases: Case[] = [
    ["unknown tenant", AADSTS.TENANT_NOT_FOUND, () => tokenRequest(emulator, "11111111-2222-3333-4444-555555555555", form())],
    ["multi-tenant alias /common", AADSTS.NO_TENANT, () => tokenRequest(emulator, "common", form())],
    ["missing grant_type", AADSTS.MISSING_PARAMETER, () => tokenRequest(emulator, tid(), form({ grant_type: undefined }))],
    ["unsupported grant_type", AADSTS.UNSUPPORTED_GRANT, () => tokenRequest(emulator, tid(), form({ grant_type: "password" }))],
    ["missing client_id", AADSTS.MISSING_PARAMETER, () => tokenRequest(emulator, tid(), form({ client_id: undefined }))],
    ["missing scope", AADSTS.MISSING_PARAMETER, () => tokenRequest(emulator, tid(), form({ scope: undefined }))],
    ["parameters sent in the query string", AADSTS.MISSING_PARAMETER, () => tokenRequest(emulator, tid(), {}, { query: `?${new URLSearchParams(form()).toString()}` })],
    ["GET instead of POST", AADSTS.POST_ONLY, () => send(emulator, `/${tid()}/oauth2/v2.0/token`)],
    ["unknown application", AADSTS.APP_NOT_FOUND, () => tokenRequest(emulator, tid(), form({ client_id: "99999999-8888-7777-6666-555555555555" }))],
    ["application without a service principal", AADSTS.MISSING_SERVICE_PRINCIPAL, () => tokenRequest(emulator, tid(), form({ client_id: withoutSp.clientId }))],
    ["disabled service principal", AADSTS.APP_DISABLED, () => tokenRequest(emulator, tid(), form({ client_id: disabled.clientId, client_secret: disabled.clientSecret }))],
    ["no credential", AADSTS.MISSING_CREDENTIAL, () => tokenRequest(emulator, tid(), form({ client_secret: undefined }))],
    ["wrong secret", AADSTS.INVALID_SECRET, () => tokenRequest(emulator, tid(), form({ client_secret: "x".repeat(40) }))],
    ["secret id pasted instead of the value", AADSTS.INVALID_SECRET, () => tokenRequest(emulator, tid(), form({ client_secret: workload.secretKeyId }))],
    ["expired secret", AADSTS.EXPIRED_SECRET, () => tokenRequest(emulator, tid(), form({ client_id: expired.clientId, client_secret: expired.secret }))],
    ["Basic credentials for another client", AADSTS.INVALID_SECRET, () => tokenRequest(emulator, tid(), form({ client_secret: undefined }), { headers: { authorization: `Basic ${Buffer.from(`${bare.clientId}:${bare.clientSecret}`).toString("base64")}` } })],
    ["scope without /.default", AADSTS.SCOPE_NOT_DEFAULT, () => tokenRequest(emulator, tid(), form({ scope: "https://graph.microsoft.com/User.Read.All" }))],
    ["bare permission name as scope", AADSTS.SCOPE_NOT_DEFAULT, () => tokenRequest(emulator, tid(), form({ scope: "User.Read.All" }))],
    ["scope naming two resources", AADSTS.SCOPE_MULTIPLE_RESOURCES, () => tokenRequest(emulator, tid(), form({ scope: `${GRAPH_SCOPE} https://management.azure.com/.default` }))],
    ["scope with no resource", AADSTS.INVALID_SCOPE, () => tokenRequest(emulator, tid(), form({ scope: "openid profile" }))],
    ["scope naming an unknown resource", AADSTS.RESOURCE_NOT_FOUND, () => tokenRequest(emulator, tid(), form({ scope: "https://unknown.example/.default" }))],
    ["Conditional Access block", AADSTS.CONDITIONAL_ACCESS, () => tokenRequest(emulator, tid(), form({ client_id: blocked.clientId, client_secret: blocked.clientSecret }))],
  ];

  it.each(cases)("%s → AADSTS%s", async (_name, expected, request) => {
    const response = await request();
    expect({ status: response.status, error: response.body.error, code: (response.body.error_codes as number[] | undefined)?.[0] })
      .toEqual({ status: expected.status, error: expected.error, code: expected.code });
    expectAadstsShape(response, expected.code);
    expect(response.text).not.toContain(workload.clientSecret);
  });

  it("answers invalid_client with 401 and every other error with 400", () => {
    // Fault-only entries (429, 503) and the front door's 413 carry their own HTTP status.
    const ownStatus: readonly AadstsDefinition[] = [AADSTS.THROTTLED, AADSTS.TRANSIENT, AADSTS.PAYLOAD_TOO_LARGE];
    for (const entry of Object.values(AADSTS).filter((e) => !ownStatus.includes(e))) {
      expect(entry.status).toBe(entry.error === "invalid_client" ? 401 : 400);
    }
  });
});

describe("discovery", () => {
  it("publishes OpenID metadata on the emulator's origin and the signing key in the JWKS", async () => {
    const config = await send(emulator, `/${workload.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      token_endpoint: `${emulator.authorityHost}/${workload.tenantId}/oauth2/v2.0/token`,
      issuer: `${emulator.authorityHost}/${workload.tenantId}/v2.0`,
      jwks_uri: `${emulator.authorityHost}/${workload.tenantId}/discovery/v2.0/keys`,
    });
    const keys = await send(emulator, `/${workload.tenantId}/discovery/v2.0/keys`);
    const [key] = keys.body.keys as Record<string, unknown>[];
    const header = JSON.parse(Buffer.from((await getToken(emulator, workload)).split(".")[0] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(key).toMatchObject({ kty: "RSA", use: "sig", kid: header.kid, x5t: header.kid });
  });

  it("answers AADSTS90002 for the metadata of an unknown tenant", async () => {
    const response = await send(emulator, "/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration");
    expect(response.status).toBe(400);
    expectAadstsShape(response, 90002);
  });
});
