// The substitute azuread provider, called as the engine calls it (check / diff / create / update /
// delete / invoke), against an emulator over real HTTPS sockets.

import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { changedInputs, parseUrn, SubstituteAzureadProvider, unwrapSecrets } from "../../engine/azuread-provider/provider.ts";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const urn = (type: string, name: string) => `urn:pulumi:dev::graph-workload-identity::graph-workload-identity:index:WorkloadIdentity$${type}::${name}`;
const APP = urn("azuread:index/application:Application", "app");
const SP = urn("azuread:index/servicePrincipal:ServicePrincipal", "sp");
const PASSWORD = urn("azuread:index/applicationPassword:ApplicationPassword", "secret");
const GRANT = urn("azuread:index/appRoleAssignment:AppRoleAssignment", "grant");
const FIC = urn("azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential", "fic");
const CERT = urn("azuread:index/applicationCertificate:ApplicationCertificate", "cert");
const CERT2 = urn("azuread:index/applicationCertificate:ApplicationCertificate", "cert-2");
type AppObject = { id: string; appId: string; keyCredentials: { keyId: string }[] };
const world = () => emulator.control.objects(deployer.tenantId) as unknown as { applications: AppObject[] };
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

let emulator: Emulator;
let deployer: WorkloadCredentials;
let dispatcher: Agent;
let provider: SubstituteAzureadProvider;

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
  deployer = emulator.control.createDeployer();
  dispatcher = new Agent({ connect: { ca: emulator.caPem ?? "" } });
  provider = new SubstituteAzureadProvider({ dispatcher, env: {} });
  provider.configure({ metadataHost: emulator.metadataHost, tenantId: deployer.tenantId, clientId: deployer.clientId, clientSecret: secret(deployer.clientSecret) });
});
/** A Graph read with the deployer's token, to see what the provider left in the directory. */
async function graphGet(path: string): Promise<Record<string, unknown>> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: deployer.clientId, client_secret: deployer.clientSecret, scope: `${emulator.graphEndpoint}/.default` });
  const token = (await (await fetch(`${emulator.authorityHost}/${deployer.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form, dispatcher, signal: AbortSignal.timeout(10_000) })).json()) as { access_token: string };
  const response = await fetch(`${emulator.graphEndpoint}${path}`, { headers: { authorization: `Bearer ${token.access_token}` }, dispatcher, signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as Record<string, unknown>;
}

afterAll(async () => {
  await dispatcher.close();
  await emulator.close();
});

describe("pure helpers", () => {
  it("reads the type and name from a URN with parents", () => {
    expect(parseUrn(PASSWORD)).toEqual({ type: "azuread:index/applicationPassword:ApplicationPassword", name: "secret" });
  });

  it("unwraps secrets at any depth", () => {
    expect(unwrapSecrets({ a: secret("x"), b: [secret({ c: 1 })] })).toEqual({ a: "x", b: [{ c: 1 }] });
  });

  it("treats a left-out optional+computed input as unchanged, but a left-out plain input as changed", () => {
    const rules = { replaceOn: "all" as const, computed: ["startDate"] };
    const olds = { displayName: "d", startDate: "2026-01-01T00:00:00Z", notes: "n" };
    expect(changedInputs(rules, ["displayName", "startDate", "notes"], olds, { displayName: "d", notes: "n" })).toEqual([]);
    expect(changedInputs(rules, ["displayName", "startDate", "notes"], olds, { displayName: "d" })).toEqual(["notes"]);
    expect(changedInputs(rules, ["displayName"], { displayName: { a: 1, b: 2 } }, { displayName: { b: 2, a: 1 } })).toEqual([]);
    // A left-out attribute that the real provider stored as its zero value is no change.
    expect(changedInputs(rules, ["notes", "tags"], { notes: "", tags: [] }, {})).toEqual([]);
    // Sets in the azuread schema, stored sorted by the real provider: another order is no change.
    expect(changedInputs(rules, ["tags"], { tags: ["b", "a"] }, { tags: ["a", "b"] })).toEqual([]);
    expect(changedInputs(rules, ["tags"], { tags: ["b", "a"] }, { tags: ["a", "c"] })).toEqual(["tags"]);
  });
});

describe("the substitute azuread provider", () => {
  it("answers getClientConfig and getServicePrincipal from Graph, as the azuread provider does", async () => {
    const config = await provider.invoke("azuread:index/getClientConfig:getClientConfig", {});
    expect(config.outputs).toMatchObject({ tenantId: deployer.tenantId, clientId: deployer.clientId, objectId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    const graph = await provider.invoke("azuread:index/getServicePrincipal:getServicePrincipal", { clientId: GRAPH_APP_ID });
    expect((graph.outputs["appRoleIds"] as Record<string, string>)["User.Read.All"]).toBe(USER_READ_ALL);
    const calls = emulator.control.requests().filter((r) => r.route === "graph").map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")}`);
    expect(calls).toEqual(expect.arrayContaining(["GET /v1.0/servicePrincipals", "GET /beta/servicePrincipals/{id}"]));
  });

  it("creates, diffs, updates and deletes an identity as the engine drives it", async () => {
    const appInputs = { displayName: "provider test", signInAudience: "AzureADMyOrg", notes: "first", owners: [] as string[] };
    await expect(provider.check(APP, {}, appInputs)).resolves.toMatchObject({ inputs: appInputs });
    const app = await provider.create(APP, appInputs);
    const clientId = String(app.outs["clientId"]);
    expect(app.id).toBe(`/applications/${String(app.outs["objectId"])}`);

    const sp = await provider.create(SP, { clientId });
    const password = await provider.create(PASSWORD, { applicationId: app.id, displayName: "slot 0", endDate: "2027-06-01T00:00:00Z", rotateWhenChanged: { generation: "1" } });
    expect(password.outs["value"]).toEqual(expect.any(String));
    // The real provider's id and dates: {objectId}/password/{keyId}; the end date sent, the start date Graph chose.
    expect(password.id).toBe(`${String(app.outs["objectId"])}/password/${String(password.outs["keyId"])}`);
    expect(password.outs).toMatchObject({ endDate: "2027-06-01T00:00:00Z", startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/) as unknown });
    const grant = await provider.create(GRANT, { principalObjectId: String(sp.outs["objectId"]), resourceObjectId: String((await provider.invoke("azuread:index/getServicePrincipal:getServicePrincipal", { clientId: GRAPH_APP_ID })).outputs["objectId"]), appRoleId: USER_READ_ALL });

    const objects = emulator.control.objects(deployer.tenantId);
    expect(objects.applications.map((a) => (a as { appId: string }).appId)).toContain(clientId);
    expect(objects.appRoleAssignments.map((a) => (a as { id: string }).id)).toContain(grant.id.split("/").pop());

    // `pulumi refresh`: what exists is read back (notes as Graph has them), what is gone drops out.
    await expect(provider.read(app.id, APP, app.outs)).resolves.toMatchObject({ id: app.id, props: { notes: "first", clientId } });
    await expect(provider.read(grant.id, GRANT, grant.outs)).resolves.toMatchObject({ id: grant.id });
    await expect(provider.read(password.id, PASSWORD, password.outs)).resolves.toMatchObject({ id: password.id, props: { value: password.outs["value"] } });
    const otherKey = `${String(app.outs["objectId"])}/password/00000000-0000-4000-8000-000000000000`;
    await expect(provider.read(otherKey, PASSWORD, { ...password.outs, keyId: "00000000-0000-4000-8000-000000000000" })).resolves.toEqual({ id: "", props: {} });
    // `pulumi import` (props empty): the id alone names the object, and the inputs come back from Graph.
    await expect(provider.read(app.id, APP, {})).resolves.toMatchObject({ id: app.id, inputs: { displayName: "provider test", notes: "first", signInAudience: "AzureADMyOrg" } });
    await expect(provider.read(sp.id, SP, {})).resolves.toMatchObject({ id: sp.id, inputs: { clientId } });
    await expect(provider.read(grant.id, GRANT, {})).resolves.toMatchObject({ id: grant.id, inputs: { appRoleId: USER_READ_ALL, principalObjectId: String(sp.outs["objectId"]) } });
    // Graph never returns a password's value again: no import, as with the real provider.
    await expect(provider.read(password.id, PASSWORD, {})).rejects.toThrow(/cannot be imported/);
    await expect(provider.read(grant.id, GRANT, { ...grant.outs })).resolves.toMatchObject({ props: { resourceDisplayName: "Microsoft Graph" } });

    // Same inputs (the start date left to Graph): no change. A new keeper: a replacement.
    const same = { applicationId: app.id, displayName: "slot 0", endDate: "2027-06-01T00:00:00Z", rotateWhenChanged: { generation: "1" } };
    await expect(provider.diff(password.id, PASSWORD, password.outs, same)).resolves.toMatchObject({ changes: false, replaces: [] });
    await expect(provider.diff(password.id, PASSWORD, password.outs, { ...same, rotateWhenChanged: { generation: "2" } })).resolves.toMatchObject({ changes: true, replaces: ["rotateWhenChanged"] });
    // Notes update in place; a service principal for another app replaces it.
    await expect(provider.diff(app.id, APP, app.outs, { ...appInputs, notes: "second" })).resolves.toMatchObject({ changes: true, replaces: [] });
    await expect(provider.diff(sp.id, SP, sp.outs, { clientId: "00000000-0000-4000-8000-000000000000" })).resolves.toMatchObject({ replaces: ["clientId"] });
    // Not known yet in a preview (the application is being updated): no replacement planned for it.
    await expect(provider.diff(sp.id, SP, sp.outs, { clientId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).resolves.toMatchObject({ changes: true, replaces: [] });
    await expect(provider.diff(password.id, PASSWORD, password.outs, { ...same, applicationId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).resolves.toMatchObject({ changes: true, replaces: [] });

    const updated = await provider.update(app.id, APP, app.outs, { ...appInputs, notes: "second" });
    expect(updated.outs).toMatchObject({ notes: "second", clientId });
    const stored = emulator.control.objects(deployer.tenantId).applications.find((a) => (a as { appId: string }).appId === clientId) as { notes: string };
    expect(stored.notes).toBe("second");

    await provider.delete(grant.id, GRANT, grant.outs);
    await provider.delete(password.id, PASSWORD, password.outs);
    await provider.delete(sp.id, SP, sp.outs);
    await provider.delete(app.id, APP, app.outs);
    // Deleting what is already gone fails, as with the real provider (`pulumi refresh` drops it first).
    await expect(provider.delete(app.id, APP, app.outs)).rejects.toThrow(/404/);
    await expect(provider.delete(password.id, PASSWORD, password.outs)).rejects.toThrow(/removePassword answered 404/);
    const after = emulator.control.objects(deployer.tenantId);
    expect(after.applications.map((a) => (a as { appId: string }).appId)).not.toContain(clientId);
  });

  it("adds, updates and removes a federated identity credential; a new name replaces it", async () => {
    const app = await provider.create(APP, { displayName: "federated", signInAudience: "AzureADMyOrg" });
    const inputs = { applicationId: app.id, displayName: "github-main", issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] };
    const fic = await provider.create(FIC, inputs);
    expect(fic.id).toBe(`${String(inputs.applicationId).split("/").pop() ?? ""}/federatedIdentityCredential/${String(fic.outs["credentialId"])}`);
    const listed = async () => ((await graphGet(`/v1.0/applications/${String(app.outs["objectId"])}/federatedIdentityCredentials`))["value"] as unknown[]);
    expect(await listed()).toEqual([expect.objectContaining({ name: "github-main", subject: "repo:o/r:ref:refs/heads/main" })]);
    await expect(provider.diff(fic.id, FIC, fic.outs, { ...inputs, subject: "repo:o/r:environment:prod" })).resolves.toMatchObject({ changes: true, replaces: [] });
    await expect(provider.diff(fic.id, FIC, fic.outs, { ...inputs, displayName: "other" })).resolves.toMatchObject({ replaces: ["displayName"] });
    await provider.update(fic.id, FIC, fic.outs, { ...inputs, subject: "repo:o/r:environment:prod" });
    expect(await listed()).toEqual([expect.objectContaining({ name: "github-main", subject: "repo:o/r:environment:prod" })]);
    await provider.delete(fic.id, FIC, fic.outs);
    expect(await listed()).toEqual([]);
    await provider.delete(app.id, APP, app.outs);
  });

  it("adds a certificate to keyCredentials next to the ones already there, and removes only it", async () => {
    const app = await provider.create(APP, { displayName: "certificates", signInAudience: "AzureADMyOrg" });
    const now = Date.now();
    const [a, b] = [1, 2].map((n) => createSelfSignedRsaCertificate({ subject: `cert ${n}`, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 30 * 86_400_000) }));
    const first = await provider.create(CERT, { applicationId: app.id, value: a!.pem, encoding: "pem", type: "AsymmetricX509Cert" });
    const second = await provider.create(CERT2, { applicationId: app.id, value: b!.pem });
    const keys = () => world().applications.find((x) => x.id === app.outs["objectId"])?.keyCredentials.map((k) => k.keyId) ?? [];
    expect(keys()).toEqual([first.outs["keyId"], second.outs["keyId"]]);
    expect(Date.parse(String(first.outs["endDate"]))).toBeGreaterThan(now);
    await provider.delete(first.id, CERT, first.outs);
    expect(keys()).toEqual([second.outs["keyId"]]);
    await provider.delete(app.id, APP, app.outs);
  });

  it("refuses an input it would not carry out, naming it", async () => {
    await expect(provider.check(APP, {}, { displayName: "x", logoImage: "abc" })).rejects.toMatchObject({ code: "UNSUPPORTED_INPUT", message: expect.stringContaining("logoImage") as unknown });
  });

  it("says which setting is missing when it has no credentials", async () => {
    const bare = new SubstituteAzureadProvider({ dispatcher, env: {} });
    bare.configure({ metadataHost: emulator.metadataHost });
    await expect(bare.invoke("azuread:index/getClientConfig:getClientConfig", {})).rejects.toMatchObject({
      code: "CONFIG_MISSING",
      message: expect.stringContaining("azuread:tenantId, azuread:clientId, azuread:clientSecret") as unknown,
    });
  });

  it("takes ARM_* variables when the provider config is empty, as the azuread provider does", async () => {
    const fromEnv = new SubstituteAzureadProvider({
      dispatcher,
      env: { ARM_METADATA_HOSTNAME: emulator.metadataHost, ARM_TENANT_ID: deployer.tenantId, ARM_CLIENT_ID: deployer.clientId, ARM_CLIENT_SECRET: deployer.clientSecret },
    });
    fromEnv.configure({});
    await expect(fromEnv.invoke("azuread:index/getClientConfig:getClientConfig", {})).resolves.toMatchObject({ outputs: { clientId: deployer.clientId } });
  });
});

describe("the substitute's owners, as the real provider sets them", () => {
  const ownersOf = async (collection: string, id: unknown) =>
    ((await graphGet(`/v1.0/${collection}/${String(id)}/owners?$select=id`))["value"] as { id: string }[]).map((o) => o.id);

  it("binds the deployer first and removes it again when `owners` leaves it out", async () => {
    const other = emulator.control.createDeployer({ displayName: "another owner" });
    const mark = emulator.control.requests().length;
    const app = await provider.create(APP, { displayName: "owned by another", signInAudience: "AzureADMyOrg", owners: [other.servicePrincipalObjectId] });
    expect(await ownersOf("applications", app.outs["objectId"])).toEqual([other.servicePrincipalObjectId]);
    const writes = emulator.control.requests().slice(mark).filter((r) => r.route === "graph" && r.method !== "GET").map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")}`);
    expect(writes).toEqual(["POST /v1.0/applications", "PATCH /v1.0/applications/{id}", "PATCH /v1.0/applications/{id}", "DELETE /v1.0/applications/{id}/owners/{id}/$ref"]);

    const kept = await provider.create(APP, { displayName: "owned by the deployer too", signInAudience: "AzureADMyOrg", owners: [other.servicePrincipalObjectId, deployer.servicePrincipalObjectId] });
    expect((await ownersOf("applications", kept.outs["objectId"])).sort()).toEqual([other.servicePrincipalObjectId, deployer.servicePrincipalObjectId].sort());
    // An update lists the owners Graph has and adds and removes references until they are `owners`.
    await provider.update(kept.id, APP, kept.outs, { displayName: "owned by the deployer too", signInAudience: "AzureADMyOrg", owners: [deployer.servicePrincipalObjectId] });
    expect(await ownersOf("applications", kept.outs["objectId"])).toEqual([deployer.servicePrincipalObjectId]);
    await provider.delete(app.id, APP, app.outs);
    await provider.delete(kept.id, APP, kept.outs);
  });

  it("refuses a service principal that already exists for the application, in the real provider's words", async () => {
    const app = await provider.create(APP, { displayName: "sp exists", signInAudience: "AzureADMyOrg" });
    const sp = await provider.create(SP, { clientId: app.outs["clientId"] });
    await expect(provider.create(SP, { clientId: app.outs["clientId"] })).rejects.toThrow(`A resource with the ID "${sp.id}" already exists - to be managed via Terraform this resource needs to be imported`);
    await provider.delete(app.id, APP, app.outs);
  });
});
