// Writes as the real azuread provider (6.9.1, terraform-provider-azuread v3.8.0) sends them, each
// found refused in a real `pulumi up`: every v1.0 property of a service principal on create, the
// object's own id sent back on PATCH, a grant read back by id, dates returned as the client sent them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { APPLICATION_PROPERTIES, SERVICE_PRINCIPAL_PROPERTIES } from "../../emulator/graph/entity-properties.ts";
import { createSelfSignedRsaCertificate } from "../../emulator/index.ts";
import { expectGraphErrorShape, getToken, graph } from "./helpers.ts";

let emulator: Emulator;
let deployer: WorkloadCredentials;
let token: string;
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
  deployer = emulator.control.createDeployer();
  token = await getToken(emulator, deployer, `${emulator.graphEndpoint}/.default`);
});
afterAll(() => emulator.close());

async function newApp(displayName: string): Promise<Record<string, unknown>> {
  const app = await graph(emulator, token, "POST", "/applications", { displayName });
  expect(app.status).toBe(201);
  return app.body;
}

/** The service principal create body of terraform-provider-azuread v3.8.0 (service_principal_resource.go). */
const providerServicePrincipalBody = (appId: string) => ({
  "@odata.type": "#microsoft.graph.servicePrincipal",
  accountEnabled: true, alternativeNames: [], appId, appRoleAssignmentRequired: false, description: null, loginUrl: null,
  notes: null, notificationEmailAddresses: [], preferredSingleSignOnMode: null, samlSingleSignOnSettings: null, tags: [],
  "owners@odata.bind": [`${emulator.graphEndpoint}/v1.0/directoryObjects/${deployer.servicePrincipalObjectId}`],
});

describe("service principals as the provider writes them", () => {
  it("creates one from the provider's full body and echoes what it stored", async () => {
    const app = await newApp("sp full body");
    const created = await graph(emulator, token, "POST", "/servicePrincipals", { ...providerServicePrincipalBody(String(app["appId"])), loginUrl: "https://login.contoso.example", notificationEmailAddresses: ["ops@contoso.example"] });
    expect(created.status).toBe(201);
    const read = await graph(emulator, token, "GET", `/servicePrincipals/${String(created.body["id"])}`);
    expect(read.body).toMatchObject({ loginUrl: "https://login.contoso.example", notificationEmailAddresses: ["ops@contoso.example"], alternativeNames: [], preferredSingleSignOnMode: null });
  });

  it.each(SERVICE_PRINCIPAL_PROPERTIES.filter((name) => !["id", "appId"].includes(name)))("knows the v1.0 property %s (never 'Could not find a property')", async (name) => {
    const app = await newApp(`sp ${name}`);
    const created = await graph(emulator, token, "POST", "/servicePrincipals", { appId: app["appId"] });
    const current = (await graph(emulator, token, "GET", `/servicePrincipals/${String(created.body["id"])}`)).body;
    // Its current value: accepted whether the property is writable or read-only.
    const patched = await graph(emulator, token, "PATCH", `/servicePrincipals/${String(created.body["id"])}`, { [name]: current[name] ?? null });
    expect(patched.status, JSON.stringify(patched.body)).toBe(204);
  });

  it("still refuses a property Graph does not have, with Graph's error", async () => {
    const app = await newApp("sp unknown");
    const created = await graph(emulator, token, "POST", "/servicePrincipals", { appId: app["appId"], alternativeName: [] });
    expectGraphErrorShape(created, 400, "BadRequest");
    expect(JSON.stringify(created.body)).toContain("Could not find a property named 'alternativeName' on type 'microsoft.graph.servicePrincipal'");
  });
});

describe("applications as the provider writes them", () => {
  it("accepts the application's own id and appId in a PATCH, and refuses another value for them", async () => {
    const app = await newApp("own id");
    const same = await graph(emulator, token, "PATCH", `/applications/${String(app["id"])}`, { id: app["id"], appId: app["appId"], displayName: "own id 2" });
    expect(same.status).toBe(204);
    const other = await graph(emulator, token, "PATCH", `/applications/${String(app["id"])}`, { id: "11111111-1111-1111-1111-111111111111" });
    expectGraphErrorShape(other, 400, "Request_BadRequest");
    expect((await graph(emulator, token, "GET", `/applications/${String(app["id"])}`)).body).toMatchObject({ id: app["id"], displayName: "own id 2" });
  });

  it.each(APPLICATION_PROPERTIES.filter((name) => name !== "passwordCredentials"))("knows the v1.0 property %s", async (name) => {
    const app = await newApp(`app ${name}`);
    const current = (await graph(emulator, token, "GET", `/applications/${String(app["id"])}`)).body;
    if (name === "keyCredentials") return void expect(current[name]).toEqual([]);
    const patched = await graph(emulator, token, "PATCH", `/applications/${String(app["id"])}`, { [name]: current[name] ?? null });
    expect(patched.status, JSON.stringify(patched.body)).toBe(204);
  });
});

describe("grants read back by id", () => {
  it("answers GET appRoleAssignedTo/{id} with the assignment, and 404 in Graph's shape once it is gone", async () => {
    const app = await newApp("grant read");
    const sp = await graph(emulator, token, "POST", "/servicePrincipals", { appId: app["appId"] });
    const graphSp = await graph(emulator, token, "GET", `/servicePrincipals(appId='${GRAPH_APP_ID}')`);
    const resourceId = String(graphSp.body["id"]);
    const created = await graph(emulator, token, "POST", `/servicePrincipals/${resourceId}/appRoleAssignedTo`, {
      principalId: sp.body["id"], resourceId, appRoleId: "df021288-bdef-4463-88db-98f22de89214",
    });
    expect(created.status).toBe(201);
    const path = `/servicePrincipals/${resourceId}/appRoleAssignedTo/${String(created.body["id"])}`;
    const read = await graph(emulator, token, "GET", path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body["id"], principalId: sp.body["id"], resourceId, appRoleId: "df021288-bdef-4463-88db-98f22de89214" });
    expect(String(read.body["@odata.context"])).toContain("/appRoleAssignedTo/$entity");
    const other = await graph(emulator, token, "GET", `/servicePrincipals/${String(sp.body["id"])}/appRoleAssignments/${String(created.body["id"])}`);
    expect(other.status).toBe(200);
    expect((await graph(emulator, token, "DELETE", path)).status).toBe(204);
    expectGraphErrorShape(await graph(emulator, token, "GET", path), 404, "Request_ResourceNotFound");
  });
});

describe("dates as Graph returns them", () => {
  it("returns a password's end date as the client sent it, and a start date Graph chose with seven fractional digits", async () => {
    const app = await newApp("dates");
    const added = await graph(emulator, token, "POST", `/applications/${String(app["id"])}/addPassword`, { passwordCredential: { displayName: "p", endDateTime: "2027-06-14T06:09:52Z" } });
    expect(added.body).toMatchObject({ endDateTime: "2027-06-14T06:09:52Z" });
    expect(String(added.body["startDateTime"])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    const read = await graph(emulator, token, "GET", `/applications/${String(app["id"])}`);
    const listed = (read.body["passwordCredentials"] as Record<string, unknown>[])[0];
    expect(listed).toMatchObject({ endDateTime: "2027-06-14T06:09:52Z", startDateTime: added.body["startDateTime"] });
  });

  it("returns an offset date in UTC, and a certificate's dates as sent", async () => {
    const app = await newApp("cert dates");
    const added = await graph(emulator, token, "POST", `/applications/${String(app["id"])}/addPassword`, { passwordCredential: { endDateTime: "2027-06-14T08:09:52+02:00" } });
    expect(added.body).toMatchObject({ endDateTime: "2027-06-14T06:09:52Z" });
    const now = emulator.control.now();
    const cert = createSelfSignedRsaCertificate({ subject: "dates", notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 30 * 86_400_000) });
    const key = Buffer.from(cert.pem).toString("base64");
    const endDateTime = new Date(now + 10 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const patched = await graph(emulator, token, "PATCH", `/applications/${String(app["id"])}`, { id: app["id"], keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key, endDateTime }] });
    expect(patched.status).toBe(204);
    const read = await graph(emulator, token, "GET", `/applications/${String(app["id"])}`);
    expect((read.body["keyCredentials"] as Record<string, unknown>[])[0]).toMatchObject({ endDateTime });
  });
});
