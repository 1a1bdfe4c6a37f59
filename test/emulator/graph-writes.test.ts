import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AADSTS, createSelfSignedRsaCertificate, GRAPH, MICROSOFT_GRAPH_APP_ID, startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { claimsOf, expectGraphErrorShape, getToken, graph, tokenRequest, GRAPH_SCOPE } from "./helpers.ts";

let emulator: Emulator;
let deployer: string;
let deployerSpId: string;
let graphSpId: string;
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";

beforeAll(async () => {
  emulator = await startEmulator();
  const credentials = emulator.control.createDeployer({ displayName: "ci deployer" });
  deployerSpId = credentials.servicePrincipalObjectId;
  deployer = await getToken(emulator, credentials);
  const sps = await graph(emulator, deployer, "GET", `/servicePrincipals?$filter=appId eq '${MICROSOFT_GRAPH_APP_ID}'&$select=id,appRoles`);
  graphSpId = String((sps.body.value as { id: string }[])[0]?.id);
});

afterAll(async () => {
  await emulator?.close();
});

async function provision(displayName: string) {
  const app = await graph(emulator, deployer, "POST", "/applications", { displayName, signInAudience: "AzureADMyOrg" });
  expect(app.status).toBe(201);
  const sp = await graph(emulator, deployer, "POST", "/servicePrincipals", { appId: app.body.appId });
  expect(sp.status).toBe(201);
  const password = await graph(emulator, deployer, "POST", `/applications/${app.body.id}/addPassword`, { passwordCredential: { displayName: "rotation-1" } });
  expect(password.status).toBe(200);
  return {
    appObjectId: String(app.body.id), clientId: String(app.body.appId), spId: String(sp.body.id),
    secret: String(password.body.secretText), keyId: String(password.body.keyId), tenantId: emulator.defaultTenantId,
  };
}

describe("the provisioning flow through Graph", () => {
  it("creates app, service principal, secret and admin consent, and the new identity gets the role in its token", async () => {
    const created = await provision("provisioned workload");
    const noRoles = claimsOf(await getToken(emulator, { ...created, clientSecret: created.secret }));
    expect(noRoles).not.toHaveProperty("roles");

    const grant = await graph(emulator, deployer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, {
      principalId: created.spId, resourceId: graphSpId, appRoleId: USER_READ_ALL,
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({
      appRoleId: USER_READ_ALL, principalId: created.spId, principalType: "ServicePrincipal", principalDisplayName: "provisioned workload",
      resourceId: graphSpId, resourceDisplayName: "Microsoft Graph",
    });
    expect(String(grant.body.id)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const token = await getToken(emulator, { ...created, clientSecret: created.secret });
    expect(claimsOf(token).roles).toEqual(["User.Read.All"]);
    expect((await graph(emulator, token, "GET", "/users?$top=1")).status).toBe(200);

    const listed = await graph(emulator, deployer, "GET", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`);
    expect((listed.body.value as { id: string }[]).map((a) => a.id)).toContain(grant.body.id);
    const held = await graph(emulator, deployer, "GET", `/servicePrincipals/${created.spId}/appRoleAssignments`);
    expect((held.body.value as { id: string }[]).map((a) => a.id)).toEqual([grant.body.id]);

    expect((await graph(emulator, deployer, "DELETE", `/servicePrincipals/${graphSpId}/appRoleAssignedTo/${String(grant.body.id)}`)).status).toBe(204);
    expect(claimsOf(await getToken(emulator, { ...created, clientSecret: created.secret }))).not.toHaveProperty("roles");
  });

  it.each([
    ["an app role Graph does not have", (sp: string) => ({ principalId: sp, resourceId: graphSpId, appRoleId: "00000000-0000-0000-0000-000000000001" })],
    ["a resourceId that differs from the URL", (sp: string) => ({ principalId: sp, resourceId: sp, appRoleId: USER_READ_ALL })],
    ["a principalId that is not a GUID", () => ({ principalId: "nope", resourceId: graphSpId, appRoleId: USER_READ_ALL })],
  ])("refuses an assignment naming %s", async (_name, body) => {
    const created = await provision(`bad assignment ${_name}`);
    expectGraphErrorShape(await graph(emulator, deployer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, body(created.spId)), 400, "Request_BadRequest");
  });

  it("refuses a duplicate assignment", async () => {
    const created = await provision("duplicate assignment");
    const body = { principalId: created.spId, resourceId: graphSpId, appRoleId: USER_READ_ALL };
    expect((await graph(emulator, deployer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, body)).status).toBe(201);
    expectGraphErrorShape(await graph(emulator, deployer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, body), 400, "Request_BadRequest");
  });

  it("returns secretText once from addPassword and only the hint afterwards", async () => {
    const created = await provision("secret visibility");
    expect(created.secret).toMatch(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9~._-]{34}$/);
    const app = await graph(emulator, deployer, "GET", `/applications/${created.appObjectId}`);
    expect(app.body.passwordCredentials).toEqual([expect.objectContaining({ keyId: created.keyId, hint: created.secret.slice(0, 3), secretText: null, displayName: "rotation-1" })]);
    expect(app.text).not.toContain(created.secret);
  });

  it("removes a password so the secret stops working", async () => {
    const created = await provision("remove password");
    expect((await graph(emulator, deployer, "POST", `/applications/${created.appObjectId}/removePassword`, { keyId: created.keyId })).status).toBe(204);
    const response = await tokenRequest(emulator, created.tenantId, { grant_type: "client_credentials", client_id: created.clientId, client_secret: created.secret, scope: GRAPH_SCOPE });
    expect(response.body.error_codes).toEqual([AADSTS.INVALID_SECRET.code]);
    expectGraphErrorShape(await graph(emulator, deployer, "POST", `/applications/${created.appObjectId}/removePassword`, { keyId: created.keyId }), 400, "Request_BadRequest");
  });

  it("updates an application with PATCH, addressed by id or by appId, and rejects unknown properties without changing anything", async () => {
    const created = await provision("patch me");
    expect((await graph(emulator, deployer, "PATCH", `/applications/${created.appObjectId}`, { displayName: "patched", tags: ["a"] })).status).toBe(204);
    expect((await graph(emulator, deployer, "PATCH", `/applications(appId='${created.clientId}')`, { notes: "by appId" })).status).toBe(204);
    expectGraphErrorShape(await graph(emulator, deployer, "PATCH", `/applications/${created.appObjectId}`, { displayName: "half", colour: "red" }), 400, "BadRequest");
    expectGraphErrorShape(await graph(emulator, deployer, "PATCH", `/applications/${created.appObjectId}`, { signInAudience: "Everyone" }), 400, "Request_BadRequest");
    const app = await graph(emulator, deployer, "GET", `/applications(appId='${created.clientId}')`);
    expect(app.body).toMatchObject({ displayName: "patched", tags: ["a"], notes: "by appId", signInAudience: "AzureADMyOrg" });
  });

  it("stores a service principal's notes from POST and PATCH, clears them with null and rejects a non-string", async () => {
    const app = await graph(emulator, deployer, "POST", "/applications", { displayName: "sp with notes" });
    expect(app.status).toBe(201);
    const created = await graph(emulator, deployer, "POST", "/servicePrincipals", { appId: app.body.appId, notes: "managed by infra/dev" });
    expect(created.status).toBe(201);
    expect(created.body.notes).toBe("managed by infra/dev");
    const spId = String(created.body.id);
    const notesNow = async (): Promise<unknown> => (await graph(emulator, deployer, "GET", `/servicePrincipals/${spId}`)).body.notes;
    expect(await notesNow()).toBe("managed by infra/dev");

    expect((await graph(emulator, deployer, "PATCH", `/servicePrincipals(appId='${String(app.body.appId)}')`, { notes: "moved to infra/prod" })).status).toBe(204);
    expect(await notesNow()).toBe("moved to infra/prod");
    const listed = await graph(emulator, deployer, "GET", `/servicePrincipals?$filter=appId eq '${String(app.body.appId)}'`);
    expect((listed.body.value as { notes: unknown }[])[0]?.notes).toBe("moved to infra/prod");

    expectGraphErrorShape(await graph(emulator, deployer, "PATCH", `/servicePrincipals/${spId}`, { notes: 42 }), 400, "Request_BadRequest");
    expect(await notesNow()).toBe("moved to infra/prod");

    expect((await graph(emulator, deployer, "PATCH", `/servicePrincipals/${spId}`, { notes: null })).status).toBe(204);
    expect(await notesNow()).toBeNull();
  });

  it("registers certificate key credentials and never echoes the key", async () => {
    const created = await provision("with certificate");
    const now = Date.now();
    const cert = createSelfSignedRsaCertificate({ subject: "CN=workload", notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) });
    const patch = await graph(emulator, deployer, "PATCH", `/applications/${created.appObjectId}`, {
      keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: cert.der.toString("base64"), displayName: "CN=workload" }],
    });
    expect(patch.status).toBe(204);
    const app = await graph(emulator, deployer, "GET", `/applications/${created.appObjectId}?$select=keyCredentials`);
    expect(app.body.keyCredentials).toEqual([expect.objectContaining({
      type: "AsymmetricX509Cert", usage: "Verify", key: null, displayName: "CN=workload", customKeyIdentifier: cert.thumbprintSha1.toString("base64"),
    })]);
    expectGraphErrorShape(await graph(emulator, deployer, "PATCH", `/applications/${created.appObjectId}`, {
      keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: Buffer.from("not a certificate").toString("base64") }],
    }), 400, "Request_BadRequest");
  });

  it("manages federated identity credentials", async () => {
    const created = await provision("with federation");
    const base = `/applications/${created.appObjectId}/federatedIdentityCredentials`;
    const fic = { name: "github-main", issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] };
    const made = await graph(emulator, deployer, "POST", base, fic);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...fic, description: null });
    expectGraphErrorShape(await graph(emulator, deployer, "POST", base, fic), 400, "Request_BadRequest");
    expectGraphErrorShape(await graph(emulator, deployer, "POST", base, { ...fic, name: "two-audiences", audiences: ["a", "b"] }), 400, "Request_BadRequest");
    expect((await graph(emulator, deployer, "PATCH", `${base}/${String(made.body.id)}`, { subject: "repo:o/r:environment:prod" })).status).toBe(204);
    expect((await graph(emulator, deployer, "GET", `${base}/github-main`)).body.subject).toBe("repo:o/r:environment:prod");
    expect(((await graph(emulator, deployer, "GET", base)).body.value as unknown[]).length).toBe(1);
    expect((await graph(emulator, deployer, "DELETE", `${base}/${String(made.body.id)}`)).status).toBe(204);
    expectGraphErrorShape(await graph(emulator, deployer, "GET", `${base}/github-main`), 404, "Request_ResourceNotFound");
  });

  it("makes the creating principal an owner and manages owners by reference", async () => {
    const created = await provision("owned");
    const owners = async () => ((await graph(emulator, deployer, "GET", `/applications/${created.appObjectId}/owners`)).body.value as { id: string }[]).map((o) => o.id);
    expect(await owners()).toEqual([deployerSpId]);
    const userReader = await getToken(emulator, emulator.control.createWorkload({ displayName: "user reader", permissions: ["User.Read.All"] }));
    const user = ((await graph(emulator, userReader, "GET", "/users?$top=1")).body.value as { id: string }[])[0]?.id ?? "";
    expect((await graph(emulator, deployer, "POST", `/applications/${created.appObjectId}/owners/$ref`, { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${user}` })).status).toBe(204);
    expect(await owners()).toEqual([deployerSpId, user]);
    expect((await graph(emulator, deployer, "DELETE", `/applications/${created.appObjectId}/owners/${user}/$ref`)).status).toBe(204);
    expect(await owners()).toEqual([deployerSpId]);
  });

  it("deletes an application together with its service principal and assignments", async () => {
    const created = await provision("deleted");
    await graph(emulator, deployer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, { principalId: created.spId, resourceId: graphSpId, appRoleId: USER_READ_ALL });
    expect((await graph(emulator, deployer, "DELETE", `/applications/${created.appObjectId}`)).status).toBe(204);
    expectGraphErrorShape(await graph(emulator, deployer, "GET", `/servicePrincipals/${created.spId}`), 404, "Request_ResourceNotFound");
    const objects = emulator.control.objects(emulator.defaultTenantId);
    expect(objects.appRoleAssignments.some((a) => (a as { principalId: string }).principalId === created.spId)).toBe(false);
    const response = await tokenRequest(emulator, created.tenantId, { grant_type: "client_credentials", client_id: created.clientId, client_secret: created.secret, scope: GRAPH_SCOPE });
    expect(response.body.error_codes).toEqual([AADSTS.APP_NOT_FOUND.code]);
  });
});

describe("authorization of writes", () => {
  it("lets Application.ReadWrite.OwnedBy manage only the applications it owns", async () => {
    const ownedBy = await getToken(emulator, emulator.control.createWorkload({ displayName: "owned-by", permissions: ["Application.ReadWrite.OwnedBy"] }));
    const mine = await graph(emulator, ownedBy, "POST", "/applications", { displayName: "mine" });
    expect(mine.status).toBe(201);
    expect((await graph(emulator, ownedBy, "PATCH", `/applications/${String(mine.body.id)}`, { notes: "ok" })).status).toBe(204);
    const theirs = await provision("theirs");
    expectGraphErrorShape(await graph(emulator, ownedBy, "PATCH", `/applications/${theirs.appObjectId}`, { notes: "no" }), 404, "Request_ResourceNotFound");
    const listed = (await graph(emulator, ownedBy, "GET", "/applications")).body.value as { id: string }[];
    expect(listed.map((app) => app.id)).toEqual([mine.body.id]);
  });

  it("refuses consent without AppRoleAssignment.ReadWrite.All", async () => {
    const writer = await getToken(emulator, emulator.control.createWorkload({ displayName: "app writer", permissions: ["Application.ReadWrite.All"] }));
    const created = await provision("needs consent");
    expectGraphErrorShape(await graph(emulator, writer, "POST", `/servicePrincipals/${graphSpId}/appRoleAssignedTo`, { principalId: created.spId, resourceId: graphSpId, appRoleId: USER_READ_ALL }), 403, "Authorization_RequestDenied");
  });

  it("refuses changes to Microsoft's own Graph service principal", async () => {
    expectGraphErrorShape(await graph(emulator, deployer, "PATCH", `/servicePrincipals/${graphSpId}`, { accountEnabled: false }), 403, "Authorization_RequestDenied");
    expectGraphErrorShape(await graph(emulator, deployer, "DELETE", `/servicePrincipals/${graphSpId}`), 403, "Authorization_RequestDenied");
  });

  it("answers 405 for a method a resource does not support", async () => {
    const response = await graph(emulator, deployer, "PUT", "/applications");
    expect(response.status).toBe(GRAPH.METHOD_NOT_ALLOWED.status);
  });
});
