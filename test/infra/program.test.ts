// Wiring of the program under Pulumi mocks, first deploy of a stack: one run, many assertions about
// what it registered. Rotation across updates: program-rotation.test.ts.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { minimumLifetimeDays } from "../../infra/rotation.ts";
import { APP_ROLE_IDS, GRAPH_SP_OBJECT_ID } from "./fixtures/graph-service-principal.ts";
import { DEPLOYER, isWireSecret, mockSecretValue, runProgram, stackOutputs, valueOf, type ProgramRun, type Registration } from "./helpers/mock-program.ts";

const NOW = "2026-11-24T10:30:00Z";
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const DAY = 86_400_000;
let run: ProgramRun;

const ofType = (type: string): Registration[] => run.registrations.filter((r) => r.type === `azuread:index/${type}`);
const one = (type: string): Registration => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0] as Registration;
};

beforeAll(async () => {
  run = await runProgram({
    config: { permissions: '["User.Read.All","Group.Read.All"]' },
    env: { GRAPH_WORKLOAD_IDENTITY_NOW: NOW },
  });
  if (run.error !== undefined) throw run.error;
});

describe("program wiring for permissions [User.Read.All, Group.Read.All]", () => {
  it("registers one component and, under it, exactly app, service principal, one secret slot, two grants and the verify step", () => {
    const component = run.registrations.filter((r) => !r.custom);
    expect(component.map((r) => [r.type, r.name])).toEqual([["graph-workload-identity:index:WorkloadIdentity", "workload-identity"]]);
    const children = run.registrations.filter((r) => r.custom);
    expect(children.map((r) => r.type).sort()).toEqual([
      "azuread:index/appRoleAssignment:AppRoleAssignment",
      "azuread:index/appRoleAssignment:AppRoleAssignment",
      "azuread:index/application:Application",
      "azuread:index/applicationPassword:ApplicationPassword",
      "azuread:index/servicePrincipal:ServicePrincipal",
      "pulumi:index:Stash",
    ]);
    for (const child of children) {
      expect(child.parent).toContain("graph-workload-identity:index:WorkloadIdentity::workload-identity");
      expect(child.name.startsWith("workload-identity-")).toBe(true);
    }
  });

  it("makes a single-tenant application that lists exactly the two Graph roles as Role", () => {
    const app = one("application:Application");
    expect(app.inputs["signInAudience"]).toBe("AzureADMyOrg");
    expect(app.inputs["displayName"]).toBe("graph-workload-identity-dev");
    expect(app.inputs["requiredResourceAccesses"]).toEqual([
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccesses: [
          { id: APP_ROLE_IDS["User.Read.All"], type: "Role" },
          { id: APP_ROLE_IDS["Group.Read.All"], type: "Role" },
        ],
      },
    ]);
  });

  it("makes the deploying principal the owner of the application and the service principal", () => {
    expect(one("application:Application").inputs["owners"]).toEqual([DEPLOYER.objectId]);
    expect(one("servicePrincipal:ServicePrincipal").inputs["owners"]).toEqual([DEPLOYER.objectId]);
  });

  it("says in notes and tags which stack manages the application", () => {
    const app = one("application:Application");
    expect(app.inputs["notes"]).toContain("graph-workload-identity/dev");
    expect(app.inputs["tags"]).toContain("pulumi-stack:graph-workload-identity/dev");
  });

  it("creates the service principal for the new application", () => {
    expect(one("servicePrincipal:ServicePrincipal").inputs["clientId"]).toBe(one("application:Application").state["clientId"]);
  });

  it("grants each role to the new service principal on the Graph service principal (admin consent)", () => {
    const sp = one("servicePrincipal:ServicePrincipal");
    const grants = ofType("appRoleAssignment:AppRoleAssignment");
    expect(grants.map((g) => g.inputs).sort((a, b) => String(a["appRoleId"]).localeCompare(String(b["appRoleId"])))).toEqual(
      [
        { principalObjectId: sp.state["objectId"], resourceObjectId: GRAPH_SP_OBJECT_ID, appRoleId: APP_ROLE_IDS["User.Read.All"] },
        { principalObjectId: sp.state["objectId"], resourceObjectId: GRAPH_SP_OBJECT_ID, appRoleId: APP_ROLE_IDS["Group.Read.All"] },
      ].sort((a, b) => String(a.appRoleId).localeCompare(String(b.appRoleId))),
    );
    expect(grants.map((g) => g.name).sort()).toEqual(["workload-identity-grant-Group.Read.All", "workload-identity-grant-User.Read.All"]);
  });

  it("gives slot 0 (the single-secret stack's resource name) to the new application, ending the derived 194 days from now", () => {
    const password = one("applicationPassword:ApplicationPassword");
    expect(password.name).toBe("workload-identity-secret");
    expect(password.inputs).toEqual({
      applicationId: one("application:Application").id,
      displayName: "managed by Pulumi stack graph-workload-identity/dev (slot 0, generation 1)",
      endDate: new Date(Date.parse(NOW) + minimumLifetimeDays(90) * DAY).toISOString().replace(".000Z", "Z"),
      rotateWhenChanged: { generation: "1" },
    });
    expect([password.ignoreChanges, password.deleteBeforeReplace]).toEqual([["displayName"], false]);
  });

  it("reads the rotation state from the stack itself, by its fully qualified name", () => {
    expect(run.reads).toEqual([{ type: "pulumi:pulumi:StackReference", name: "rotation-state", id: "organization/graph-workload-identity/dev" }]);
  });

  it("asks the engine to keep the password value secret", () => {
    expect(one("applicationPassword:ApplicationPassword").additionalSecretOutputs).toContain("value");
  });

  it("sends the component's clientSecret output to the engine as a secret", () => {
    const [outputs] = [...run.componentOutputs.values()];
    expect(isWireSecret(outputs?.["clientSecret"])).toBe(true);
    expect(isWireSecret(outputs?.["clientId"])).toBe(false);
  });

  it("looks up only the deployer and the Microsoft Graph service principal", () => {
    expect(run.invokes.map((i) => i.token).sort()).toEqual([
      "azuread:index/getClientConfig:getClientConfig",
      "azuread:index/getServicePrincipal:getServicePrincipal",
    ]);
    expect(run.invokes.find((i) => i.token.includes("getServicePrincipal"))?.inputs).toEqual({ clientId: GRAPH_APP_ID });
  });
});

describe("stack outputs of a first deploy", () => {
  it("are the contract in DESIGN.md plus the rotation outputs; no previous secret and no Key Vault yet", async () => {
    expect(Object.keys(await stackOutputs(run)).sort()).toEqual(
      [
        "tenantId",
        "clientId",
        "applicationObjectId",
        "servicePrincipalObjectId",
        "clientSecret",
        "clientSecretKeyId",
        "clientSecretExpiresAt",
        "clientSecretCreatedAt",
        "nextRotationAt",
        "rotationState",
        "permissions",
        "authorityHost",
        "graphEndpoint",
        "scope",
        "credentialsExpireAt",
      ].sort(),
    );
  });

  it("carry the values of the created resources and the public cloud endpoints", async () => {
    const app = one("application:Application");
    const password = one("applicationPassword:ApplicationPassword");
    const { rotationState, ...values } = await stackOutputs(run);
    expect(values).toEqual({
      tenantId: DEPLOYER.tenantId,
      clientId: app.state["clientId"],
      applicationObjectId: app.state["objectId"],
      servicePrincipalObjectId: one("servicePrincipal:ServicePrincipal").state["objectId"],
      clientSecret: mockSecretValue("workload-identity-secret"),
      clientSecretKeyId: password.state["keyId"],
      clientSecretExpiresAt: password.inputs["endDate"],
      clientSecretCreatedAt: password.state["startDate"],
      // Only the secret signs in: the earliest credential expiry is its end date.
      credentialsExpireAt: password.inputs["endDate"],
      nextRotationAt: new Date(Date.parse(NOW) + 90 * DAY).toISOString(),
      permissions: ["User.Read.All", "Group.Read.All"],
      authorityHost: "https://login.microsoftonline.com",
      graphEndpoint: "https://graph.microsoft.com",
      scope: "https://graph.microsoft.com/.default",
    });
    expect(rotationState).toEqual({
      version: 1,
      activeSlot: 0,
      rotationDays: 90,
      slots: [{ slot: 0, generation: 1, keeper: "1", startsAt: new Date(NOW).toISOString(), endsAt: password.inputs["endDate"] }],
      rotateToken: null,
    });
  });

  it("mark clientSecret, and only clientSecret, as secret", async () => {
    const out = run.exports ?? {};
    expect(Object.keys(out)).toContain("clientSecret");
    for (const [key, value] of Object.entries(out)) {
      const secret = pulumi.Output.isInstance(value) ? await pulumi.isSecret(value) : false;
      expect(secret, key).toBe(key === "clientSecret");
    }
  });

  it("give the expiry as RFC 3339", async () => {
    expect(await valueOf<string>(run.exports?.["clientSecretExpiresAt"])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
