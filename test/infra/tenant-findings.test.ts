// The program's judgement of the tenant against the last update (tenant-findings.ts) and the owners
// check for an OwnedBy deployer (owners-check.ts): pure, one case per drift.

import { describe, expect, it } from "vitest";
import { ownersProblem } from "../../infra/owners-check.ts";
import { tenantFindings, type TenantSnapshot, type TrackedIdentity } from "../../infra/tenant-findings.ts";

const GRAPH_SP = "11111111-1111-4111-8111-111111111111";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const GROUP_READ_ALL = "5b567255-7703-4780-807c-7be8301ae99b";
const ACTIVE = "aaaaaaaa-0000-4000-8000-000000000001";
const PREVIOUS = "aaaaaaaa-0000-4000-8000-000000000002";
const MANAGED_BY = "graph-workload-identity/prod";
const tracked: TrackedIdentity = { clientId: "c1", applicationObjectId: "a1", servicePrincipalObjectId: "s1", activeKeyId: ACTIVE, previousKeyId: PREVIOUS, slotCount: 2 };
const declared = { graphServicePrincipalId: GRAPH_SP, graphRoleNames: new Map([[USER_READ_ALL, "User.Read.All"], [GROUP_READ_ALL, "Group.Read.All"]]), declaredRoleIds: new Set([USER_READ_ALL]) };
const password = (keyId: string, displayName = `managed by Pulumi stack ${MANAGED_BY} (slot 0, generation 1)`) => ({ keyId, displayName, endDateTime: "2027-06-01T00:00:00Z" });
const healthy: TenantSnapshot = { passwords: [password(ACTIVE), password(PREVIOUS)], grants: [{ appRoleId: USER_READ_ALL, resourceId: GRAPH_SP, resourceDisplayName: "Microsoft Graph" }] };
const codes = (snapshot: TenantSnapshot, t: TrackedIdentity = tracked) => tenantFindings(t, snapshot, declared, MANAGED_BY).map((f) => f.code);

describe("tenantFindings", () => {
  it("finds nothing when the tenant is what the stack made", () => {
    expect(codes(healthy)).toEqual([]);
  });

  it("names a deleted application once, with the new-client-id consequence and the restore path", () => {
    const findings = tenantFindings(tracked, { passwords: undefined, grants: undefined }, declared, MANAGED_BY);
    expect(findings.map((f) => f.code)).toEqual(["APPLICATION_DELETED"]);
    expect(findings[0]?.message).toMatch(/NEW client id/);
    expect(findings[0]?.message).toMatch(/Deleted applications → Restore/);
  });

  it("tells a deleted active secret from a deleted previous one", () => {
    expect(codes({ ...healthy, passwords: [password(PREVIOUS)] })).toEqual(["ACTIVE_SECRET_DELETED"]);
    expect(codes({ ...healthy, passwords: [password(ACTIVE)] })).toEqual(["PREVIOUS_SECRET_DELETED"]);
  });

  it("reports grants the stack does not declare, Graph's by name and other APIs' by resource", () => {
    const findings = tenantFindings(tracked, { ...healthy, grants: [...(healthy.grants ?? []), { appRoleId: GROUP_READ_ALL, resourceId: GRAPH_SP, resourceDisplayName: "Microsoft Graph" }, { appRoleId: "r2", resourceId: "other-api", resourceDisplayName: "Contoso API" }] }, declared, MANAGED_BY);
    expect(findings.map((f) => f.message.split(" is granted")[0])).toEqual(["Microsoft Graph Group.Read.All", "app role r2 of Contoso API (other-api)"]);
  });

  it("names a password with this stack's name that the outputs do not track, with its removal command; not another stack's", () => {
    const extra = "bbbbbbbb-0000-4000-8000-000000000003";
    const findings = tenantFindings(tracked, { ...healthy, passwords: [...(healthy.passwords ?? []), password(extra), password("cccccccc-0000-4000-8000-000000000004", "managed by Pulumi stack other/prod (slot 0, generation 1)"), password("dddddddd-0000-4000-8000-000000000005", "hand-made")] }, declared, MANAGED_BY);
    expect(findings.map((f) => f.code)).toEqual(["UNTRACKED_PASSWORD"]);
    expect(findings[0]?.message).toContain(`az ad app credential delete --id c1 --key-id ${extra}`);
  });

  it("does not guess untracked passwords when the last outputs lack a slot's key id (a stack from before previousClientSecretKeyId)", () => {
    expect(codes({ ...healthy, passwords: [...(healthy.passwords ?? []), password("bbbbbbbb-0000-4000-8000-000000000003")] }, { ...tracked, previousKeyId: undefined })).toEqual([]);
  });

  it("reports a deleted service principal (and no grants to judge)", () => {
    expect(codes({ ...healthy, grants: undefined })).toEqual(["SERVICE_PRINCIPAL_DELETED"]);
  });
});

describe("ownersProblem", () => {
  const deployer = "d0000000-0000-4000-8000-000000000000";
  const other = "e0000000-0000-4000-8000-000000000000";
  it("refuses owners without the deployer when it holds only Application.ReadWrite.OwnedBy, naming the fix", () => {
    const problem = ownersProblem({ owners: [other], deployerObjectId: deployer, roles: ["Application.ReadWrite.OwnedBy"], directoryRoles: [] });
    expect(problem).toMatchObject({ key: "owners", code: "CONFLICT" });
    expect(problem?.fix).toContain(`add ${deployer} to owners`);
  });
  it.each([
    ["owners unset (the deployer is the owner)", { owners: [], roles: ["Application.ReadWrite.OwnedBy"], directoryRoles: [] }],
    ["the deployer listed", { owners: [other, deployer.toUpperCase()], roles: ["Application.ReadWrite.OwnedBy"], directoryRoles: [] }],
    ["Application.ReadWrite.All as well", { owners: [other], roles: ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"], directoryRoles: [] }],
    ["Cloud Application Administrator", { owners: [other], roles: ["Application.ReadWrite.OwnedBy"], directoryRoles: ["158c047a-c907-4556-b7ef-446551a6b5f7"] }],
  ])("accepts %s", (_what, input) => {
    expect(ownersProblem({ ...input, deployerObjectId: deployer })).toBeUndefined();
  });
});
