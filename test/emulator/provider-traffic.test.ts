// What the azuread provider sends besides the v1.0 calls the other suites cover: the ARM cloud
// metadata it reads when `metadataHost` is set, the beta reads and its one beta write,
// percent-encoded query keys, `oid` in its token (it would otherwise look itself up), `$ref` owner
// removals, and the bodies of terraform-provider-azuread v3.8.0 (the one pulumi-azuread 6.9.1
// bridges) as its go-azure-sdk models marshal them: every property sent, zero values as null.

import { randomUUID, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, createServerCredentials, MICROSOFT_GRAPH_APP_ID, startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { claimsOf, expectGraphErrorShape, getToken, graph, send } from "./helpers.ts";

let emulator: Emulator;
let deployer: WorkloadCredentials;
let token: string;
let graphScope: string;

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
  deployer = emulator.control.createDeployer();
  graphScope = `${emulator.graphEndpoint}/.default`;
  token = await getToken(emulator, deployer, graphScope);
});
afterAll(() => emulator.close());

const bearer = () => ({ authorization: `Bearer ${token}`, accept: "application/json; charset=utf-8; IEEE754Compatible=false" });

describe("ARM cloud metadata for azuread:metadataHost", () => {
  it("names the emulator as login endpoint (no trailing slash) and as Graph (its /.default is the scope)", async () => {
    expect(emulator.metadataHost).toBe(new URL(emulator.authorityHost).host);
    const response = await send(emulator, "/metadata/endpoints?api-version=2022-09-01");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: expect.any(String) as unknown,
      resourceManager: `${emulator.authorityHost}/`,
      microsoftGraphResourceId: `${emulator.graphEndpoint}/`,
      authentication: { loginEndpoint: emulator.authorityHost },
    });
  });

  it("answers another method with a 405 JSON error, never a 5xx the provider would retry", async () => {
    const response = await send(emulator, "/metadata/endpoints", { method: "POST", body: "{}" });
    expect(response.status).toBe(405);
    expect(response.body).toMatchObject({ error: { code: "MethodNotAllowed" } });
  });

  it("issues tokens for the metadata's Graph audience, with the caller's oid", () => {
    const claims = claimsOf(token);
    expect(claims["aud"]).toBe(emulator.graphEndpoint);
    expect(claims["oid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims["sub"]).toBe(claims["oid"]);
  });
});

describe("Graph as the azuread provider calls it", () => {
  it("reads beta-only properties of an application and a service principal with $select", async () => {
    const app = await send(emulator, "/v1.0/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ displayName: "beta reads" }),
    });
    expect(app.status).toBe(201);
    const beta = await send(emulator, `/beta/applications/${String(app.body["id"])}?%24select=oauth2RequirePostResponse`, { headers: bearer() });
    expect(beta.status).toBe(200);
    expect(beta.body).toMatchObject({ oauth2RequirePostResponse: false });
    expect(beta.body).not.toHaveProperty("displayName");

    const sp = await send(emulator, "/v1.0/servicePrincipals", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ appId: app.body["appId"] }),
    });
    const betaSp = await send(emulator, `/beta/servicePrincipals/${String(sp.body["id"])}?%24select=samlMetadataUrl`, { headers: bearer() });
    expect(betaSp.status).toBe(200);
    expect(betaSp.body).toHaveProperty("samlMetadataUrl", null);
  });

  it("refuses writes on /beta with Graph's 405, instead of applying them with v1.0 semantics", async () => {
    const response = await send(emulator, "/beta/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ displayName: "beta write" }),
    });
    expectGraphErrorShape(response, 405, "Request_BadRequest");
  });

  it("reads percent-encoded query keys ($filter sent as %24filter)", async () => {
    const filter = encodeURIComponent(`appId eq '${deployer.clientId}'`);
    const response = await send(emulator, `/v1.0/servicePrincipals?%24filter=${filter}`, { headers: bearer() });
    expect(response.status).toBe(200);
    expect((response.body["value"] as { appId: string }[]).map((sp) => sp.appId)).toEqual([deployer.clientId]);
  });

  it("binds owners at creation and removes one with a $ref delete", async () => {
    const oid = String(claimsOf(token)["oid"]);
    const app = await send(emulator, "/v1.0/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify({ displayName: "owned", "owners@odata.bind": [`${emulator.graphEndpoint}/v1.0/directoryObjects/${oid}`] }),
    });
    const id = String(app.body["id"]);
    const owners = await send(emulator, `/v1.0/applications/${id}/owners`, { headers: bearer() });
    expect((owners.body["value"] as { id: string }[]).map((o) => o.id)).toEqual([oid]);
    const removed = await send(emulator, `/v1.0/applications/${id}/owners/${oid}/$ref`, { method: "DELETE", headers: bearer() });
    expect(removed.status).toBe(204);
    const after = await send(emulator, `/v1.0/applications/${id}/owners`, { headers: bearer() });
    expect(after.body["value"]).toEqual([]);
  });
});

const call = (method: string, path: string, body?: unknown) => graph(emulator, token, method, path, body);
const SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const TICKS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";

async function created(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await call("POST", path, body);
  expect(response.status, response.text).toBe(201);
  return response.body;
}
const newApp = (displayName: string) => created("/applications", { displayName });
const ownerBinding = () => [`${emulator.graphEndpoint}/v1.0/directoryObjects/${String(claimsOf(token)["oid"])}`];

/** azuread_application's create body (application_resource.go) for a program that sets only a name, notes, tags and one role. */
const providerApplicationBody = (displayName: string) => ({
  "@odata.type": "#microsoft.graph.application",
  api: { acceptMappedClaims: false, knownClientApplications: [], oauth2PermissionScopes: [], requestedAccessTokenVersion: 1 },
  appRoles: [], description: null, displayName, groupMembershipClaims: null, identifierUris: [],
  info: { marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
  isDeviceOnlyAuthSupported: false, isFallbackPublicClient: false, notes: "managed by pulumi", optionalClaims: {},
  publicClient: { redirectUris: [] },
  requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: USER_READ_ALL, type: "Role" }] }],
  serviceManagementReference: null, signInAudience: "AzureADMyOrg", spa: { redirectUris: [] }, tags: ["managed-by:pulumi"],
  web: { homePageUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false }, logoutUrl: null, redirectUris: [] },
  "owners@odata.bind": ownerBinding(),
});

/** azuread_service_principal's create body (service_principal_resource.go): a temporary description, set right after. */
const providerServicePrincipalBody = (appId: string) => ({
  "@odata.type": "#microsoft.graph.servicePrincipal",
  accountEnabled: true, alternativeNames: [], appId, appRoleAssignmentRequired: false, description: "TERRAFORM_UPDATE_5f2b6a3e-0c1d-4e8f-9a7b-3c2d1e0f9a8b",
  loginUrl: null, notes: null, notificationEmailAddresses: [], preferredSingleSignOnMode: null, samlSingleSignOnSettings: {},
  tags: ["managed-by:pulumi", "WindowsAzureActiveDirectoryIntegratedApp"], "owners@odata.bind": ownerBinding(),
});

function certificate(subject: string): { key: string; notBefore: string; notAfter: string } {
  const now = emulator.control.now();
  const cert = createSelfSignedRsaCertificate({ subject, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 30 * 86_400_000) });
  const x509 = new X509Certificate(cert.pem);
  const rfc3339 = (text: string) => new Date(text).toISOString().replace(".000Z", "Z");
  return { key: Buffer.from(cert.pem).toString("base64"), notBefore: rfc3339(x509.validFrom), notAfter: rfc3339(x509.validTo) };
}

describe("the provider's create and update bodies", () => {
  it("creates an application from the provider's body; complex values come back with every member, as Graph writes them", async () => {
    const app = await created("/applications", providerApplicationBody("full body"));
    // The provider then renames it twice to learn that it has replicated.
    for (const displayName of ["TERRAFORM_UPDATE_0d9e", "full body"]) expect((await call("PATCH", `/applications/${String(app["id"])}`, { "@odata.type": "#microsoft.graph.application", displayName })).status).toBe(204);
    const read = (await call("GET", `/applications/${String(app["id"])}`)).body;
    expect(read).toMatchObject({
      displayName: "full body", notes: "managed by pulumi", isFallbackPublicClient: false, isDeviceOnlyAuthSupported: false, groupMembershipClaims: null,
      info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
      api: { acceptMappedClaims: false, requestedAccessTokenVersion: 1, preAuthorizedApplications: [], oauth2PermissionScopes: [] },
      web: { homePageUrl: null, redirectUriSettings: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
      optionalClaims: { accessToken: [], idToken: [], saml2Token: [] },
      requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: USER_READ_ALL, type: "Role" }] }],
    });
  });

  it("keeps the members an update leaves out of a complex value: the provider's update sends api without unchanged scopes", async () => {
    const app = await newApp("api scopes");
    const path = `/applications/${String(app["id"])}`;
    const scope = { id: randomUUID(), value: "things.read", type: "Admin", isEnabled: true, adminConsentDisplayName: "Read", adminConsentDescription: "Read", userConsentDisplayName: null, userConsentDescription: null };
    expect((await call("PATCH", path, { api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope] } })).status).toBe(204);
    expect((await call("PATCH", path, { api: { acceptMappedClaims: false, knownClientApplications: [], requestedAccessTokenVersion: 1 } })).status).toBe(204);
    expect((await call("GET", path)).body["api"]).toMatchObject({ requestedAccessTokenVersion: 1, oauth2PermissionScopes: [scope] });
    expect((await call("PATCH", path, { api: { oauth2PermissionScopes: [] } })).status).toBe(204);
    expect((await call("GET", path)).body["api"]).toMatchObject({ requestedAccessTokenVersion: 1, oauth2PermissionScopes: [] });
  });

  it("creates a service principal from the provider's body, then stores the description it patches and every property it updates", async () => {
    const app = await newApp("sp body");
    const sp = await created("/servicePrincipals", providerServicePrincipalBody(String(app["appId"])));
    const path = `/servicePrincipals/${String(sp["id"])}`;
    expect((await call("PATCH", path, { "@odata.type": "#microsoft.graph.servicePrincipal", description: null })).status).toBe(204);
    expect((await call("GET", path)).body).toMatchObject({ description: null, samlSingleSignOnSettings: { relayState: null }, alternativeNames: [], tags: ["managed-by:pulumi", "WindowsAzureActiveDirectoryIntegratedApp"] });
    const update = {
      ...providerServicePrincipalBody(String(app["appId"])), description: "workload", loginUrl: "https://login.contoso.example", alternativeNames: ["alt"],
      notificationEmailAddresses: ["ops@contoso.example"], preferredSingleSignOnMode: "saml", samlSingleSignOnSettings: { relayState: "/home" },
    };
    delete (update as Partial<typeof update>)["owners@odata.bind"];
    expect((await call("PATCH", path, update)).status).toBe(204);
    expect((await call("GET", path)).body).toMatchObject({
      description: "workload", loginUrl: "https://login.contoso.example", alternativeNames: ["alt"], notificationEmailAddresses: ["ops@contoso.example"],
      preferredSingleSignOnMode: "saml", samlSingleSignOnSettings: { relayState: "/home" },
    });
  });

  it("sets oauth2RequirePostResponse through beta, the provider's one beta write, and refuses a property v1.0 lacks there", async () => {
    const app = await newApp("beta write");
    const path = `/beta/applications/${String(app["id"])}`;
    const patched = await send(emulator, path, {
      method: "PATCH", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ "@odata.type": "#microsoft.graph.application", oauth2RequirePostResponse: true }),
    });
    expect(patched.status).toBe(204);
    expect((await send(emulator, `${path}?$select=oauth2RequirePostResponse`, { headers: bearer() })).body).toMatchObject({ oauth2RequirePostResponse: true });
    const betaOnly = await send(emulator, path, { method: "PATCH", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ windows: { redirectUris: [] } }) });
    expectGraphErrorShape(betaOnly, 400, "BadRequest");
  });

  it("creates an application with a password (azuread_application's password block): its secret is answered once, and signs in", async () => {
    const app = await created("/applications", { ...providerApplicationBody("with password"), passwordCredentials: [{ displayName: "initial", endDateTime: "2030-01-02T03:04:05Z" }] });
    const [password] = app["passwordCredentials"] as Record<string, unknown>[];
    expect(password).toMatchObject({ displayName: "initial", endDateTime: "2030-01-02T03:04:05Z", secretText: expect.stringMatching(/^.{3}8Q~/) as unknown });
    expect(String(password?.["startDateTime"])).toMatch(TICKS);
    const read = (await call("GET", `/applications/${String(app["id"])}`)).body;
    expect(read["passwordCredentials"]).toEqual([{ ...password, secretText: null }]);
    await created("/servicePrincipals", { appId: app["appId"] });
    const signedIn = await getToken(emulator, { tenantId: deployer.tenantId, clientId: String(app["appId"]), clientSecret: String(password?.["secretText"]) }, graphScope);
    expect(claimsOf(signedIn)["appid"]).toBe(app["appId"]);
  });
});

describe("read-only properties sent back", () => {
  const otherValue = (value: unknown): unknown => (typeof value === "string" ? `${value}0` : { ...(value as object), displayName: "Contoso" });

  it.each([
    ["applications", "id"], ["applications", "appId"], ["applications", "createdDateTime"], ["applications", "publisherDomain"], ["applications", "verifiedPublisher"],
    ["servicePrincipals", "id"], ["servicePrincipals", "appId"], ["servicePrincipals", "appOwnerOrganizationId"], ["servicePrincipals", "servicePrincipalType"],
    ["servicePrincipals", "signInAudience"], ["servicePrincipals", "appDisplayName"],
  ])("%s: %s with its current value is accepted, another value refused with nothing changed", async (set, name) => {
    const app = await newApp(`read-only ${name}`);
    const object = set === "applications" ? app : await created("/servicePrincipals", { appId: app["appId"] });
    const path = `/${set}/${String(object["id"])}`;
    const current = (await call("GET", path)).body;
    expect((await call("PATCH", path, { [name]: current[name], notes: "kept" })).status).toBe(204);
    const refused = await call("PATCH", path, { [name]: otherValue(current[name]), notes: "changed" });
    expectGraphErrorShape(refused, 400, "Request_BadRequest");
    expect(refused.text).toContain(`'${name}' is read-only`);
    expect((await call("GET", path)).body).toMatchObject({ [name]: current[name], notes: "kept" });
  });

  it("compares an object sent back regardless of the order of its keys", async () => {
    const app = await newApp("key order");
    const current = (await call("GET", `/applications/${String(app["id"])}`)).body["verifiedPublisher"] as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(current).reverse());
    expect((await call("PATCH", `/applications/${String(app["id"])}`, { verifiedPublisher: reversed })).status).toBe(204);
  });

  it("adds and removes certificates as the provider does: {id, keyCredentials} with the ones it read, keys null", async () => {
    const app = await newApp("certificates");
    const path = `/applications/${String(app["id"])}`;
    const first = certificate("first");
    const sentDates = { startDateTime: first.notBefore, endDateTime: first.notAfter };
    expect((await call("PATCH", path, { "@odata.type": "#microsoft.graph.application", id: app["id"], keyCredentials: [{ keyId: randomUUID(), type: "AsymmetricX509Cert", usage: "Verify", key: first.key, ...sentDates }] })).status).toBe(204);
    const [read] = (await call("GET", path)).body["keyCredentials"] as Record<string, unknown>[];
    expect(read).toMatchObject({ key: null, ...sentDates });
    const second = certificate("second");
    const added = await call("PATCH", path, { "@odata.type": "#microsoft.graph.application", id: app["id"], keyCredentials: [read, { keyId: randomUUID(), type: "AsymmetricX509Cert", usage: "Verify", key: second.key }] });
    expect(added.status, added.text).toBe(204);
    const both = (await call("GET", path)).body["keyCredentials"] as Record<string, unknown>[];
    // The kept one unchanged; the new one dated by its certificate, to the second.
    expect(both).toEqual([read, expect.objectContaining({ startDateTime: second.notBefore, endDateTime: second.notAfter })]);
    expect(String(both[1]?.["endDateTime"])).toMatch(SECONDS);
    expect((await call("PATCH", path, { "@odata.type": "#microsoft.graph.application", id: app["id"], keyCredentials: [both[1]] })).status).toBe(204);
    expect((await call("GET", path)).body["keyCredentials"]).toEqual([both[1]]);
  });
});

describe("dates as Graph writes them", () => {
  it("writes createdDateTime of applications and service principals to the second, and of grants with seven fractional digits", async () => {
    const app = await newApp("created dates");
    const sp = await created("/servicePrincipals", { appId: app["appId"] });
    expect(String(app["createdDateTime"])).toMatch(SECONDS);
    expect(String(sp["createdDateTime"])).toMatch(SECONDS);
    const graphSp = (await call("GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`)).body;
    const grant = await created(`/servicePrincipals/${String(graphSp["id"])}/appRoleAssignedTo`, { principalId: sp["id"], resourceId: graphSp["id"], appRoleId: USER_READ_ALL });
    expect(String(grant["createdDateTime"])).toMatch(TICKS);
  });

  it("chooses a password's start (now) and end (two years on) with seven fractional digits when none is sent", async () => {
    const app = await newApp("chosen dates");
    const added = (await call("POST", `/applications/${String(app["id"])}/addPassword`, { passwordCredential: { displayName: "p" } })).body;
    expect(String(added["startDateTime"])).toMatch(TICKS);
    expect(String(added["endDateTime"])).toMatch(TICKS);
    expect(Date.parse(String(added["endDateTime"])) - Date.parse(String(added["startDateTime"]))).toBe(730 * 86_400_000);
    expect(Math.abs(Date.parse(String(added["startDateTime"])) - emulator.control.now())).toBeLessThan(5_000);
  });

  it.each([
    ["2027-06-14T06:09:52Z", "2027-06-14T06:09:52Z"],
    ["2027-06-14T06:09:52.000Z", "2027-06-14T06:09:52.000Z"],
    ["2027-06-14T06:09:52.1234567Z", "2027-06-14T06:09:52.1234567Z"],
    ["2027-06-14t06:09:52z", "2027-06-14T06:09:52Z"],
    ["2027-06-14T06:09Z", "2027-06-14T06:09:00Z"],
    ["2027-06-14T01:09:52.5-05:00", "2027-06-14T06:09:52.5Z"],
    ["2027-06-15T00:39:52+14:00", "2027-06-14T10:39:52Z"],
  ])("answers an end date sent as %s with %s, in addPassword's answer and in every read", async (sent, answered) => {
    const app = await newApp(`sent ${sent}`);
    const added = (await call("POST", `/applications/${String(app["id"])}/addPassword`, { passwordCredential: { endDateTime: sent } })).body;
    expect(added["endDateTime"]).toBe(answered);
    const listed = await call("GET", "/applications");
    const mine = (listed.body["value"] as Record<string, unknown>[]).find((candidate) => candidate["id"] === app["id"]);
    expect((mine?.["passwordCredentials"] as Record<string, unknown>[])[0]?.["endDateTime"]).toBe(answered);
  });
});

describe("grants read back by id", () => {
  it.each([["the list", ""], ["one grant", "/one"]])("needs the same permission for %s", async (_name, suffix) => {
    const reader = emulator.control.createWorkload({ displayName: "grant reader", permissions: ["User.Read.All"] });
    const readerToken = await getToken(emulator, reader, graphScope);
    const graphSp = (await call("GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`)).body;
    const grants = (await call("GET", `/servicePrincipals/${String(graphSp["id"])}/appRoleAssignedTo`)).body["value"] as { id: string }[];
    const target = suffix === "" ? "" : `/${grants[0]?.id ?? "missing"}`;
    expectGraphErrorShape(await graph(emulator, readerToken, "GET", `/servicePrincipals/${String(graphSp["id"])}/appRoleAssignedTo${target}`), 403, "Authorization_RequestDenied");
  });

  it("finds a grant only under the service principals it joins", async () => {
    const app = await newApp("grant sides");
    const sp = await created("/servicePrincipals", { appId: app["appId"] });
    const graphSp = (await call("GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`)).body;
    const grant = await created(`/servicePrincipals/${String(graphSp["id"])}/appRoleAssignedTo`, { principalId: sp["id"], resourceId: graphSp["id"], appRoleId: USER_READ_ALL });
    const id = String(grant["id"]);
    expect((await call("GET", `/servicePrincipals/${String(sp["id"])}/appRoleAssignments/${id}`)).body).toMatchObject({ id, principalId: sp["id"] });
    expectGraphErrorShape(await call("GET", `/servicePrincipals/${String(sp["id"])}/appRoleAssignedTo/${id}`), 404, "Request_ResourceNotFound");
    expectGraphErrorShape(await call("GET", `/servicePrincipals/${String(graphSp["id"])}/appRoleAssignments/${id}`), 404, "Request_ResourceNotFound");
    expect((await call("DELETE", `/servicePrincipals/${String(sp["id"])}/appRoleAssignments/${id}`)).status).toBe(204);
    expectGraphErrorShape(await call("GET", `/servicePrincipals/${String(graphSp["id"])}/appRoleAssignedTo/${id}`), 404, "Request_ResourceNotFound");
  });
});

describe("service principal properties the emulator only keeps", () => {
  it("never reads back the bytes of a service principal's keyCredentials", async () => {
    const app = await newApp("sp keys");
    const sp = await created("/servicePrincipals", { appId: app["appId"] });
    const { key } = certificate("sp key");
    const keyId = randomUUID();
    expect((await call("PATCH", `/servicePrincipals/${String(sp["id"])}`, { keyCredentials: [{ keyId, type: "AsymmetricX509Cert", usage: "Verify", key }] })).status).toBe(204);
    expect((await call("GET", `/servicePrincipals/${String(sp["id"])}`)).body["keyCredentials"]).toEqual([{ keyId, type: "AsymmetricX509Cert", usage: "Verify", key: null }]);
  });

  it("keeps appRoles on the record: a role patched onto a service principal can be granted", async () => {
    const app = await newApp("sp roles");
    const resource = await created("/servicePrincipals", { appId: app["appId"] });
    const client = await created("/servicePrincipals", { appId: (await newApp("sp roles client"))["appId"] });
    const role = { id: randomUUID(), value: "Things.Read", displayName: "Read things", description: "Read things", allowedMemberTypes: ["Application"], isEnabled: true };
    expect((await call("PATCH", `/servicePrincipals/${String(resource["id"])}`, { appRoles: [role] })).status).toBe(204);
    await created(`/servicePrincipals/${String(resource["id"])}/appRoleAssignedTo`, { principalId: client["id"], resourceId: resource["id"], appRoleId: role.id });
  });
});

describe("startEmulator({ tls })", () => {
  it("serves with the HTTPS identity it is given, so a process can trust its CA before the emulator starts", async () => {
    const tls = createServerCredentials(new Date());
    const given = await startEmulator({ tls });
    try {
      expect(given.caPem).toBe(tls.caPem);
      expect(given.authorityHost).toMatch(/^https:/);
      expect((await send(given, "/metadata/endpoints")).status).toBe(200);
    } finally {
      await given.close();
    }
  });
});
