// What the local runner refuses, and how it recovers: Key Vault (not emulated), a Graph failure in
// the middle of a run, and a failed verify with verifyOnDeploy=fail.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroy, readStackOutputs, up } from "../../local/index.ts";
import { created, startWorld, type E2eWorld } from "./helpers.ts";

let world: E2eWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

// Stacks other than dev have no Pulumi.<stack>.yaml: they get their permissions here.
const PERMISSIONS = { permissions: ["User.Read.All", "Group.Read.All"] };
const VAULT_ID = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-demo";

describe("the local runner", () => {
  it("refuses Key Vault with a clear error, and destroy removes what the run had created", async () => {
    const run = up(world.options({ ...PERMISSIONS, keyVault: { vaultId: VAULT_ID } }, "kv"));
    await expect(run).rejects.toMatchObject({ code: "STEPS_FAILED", message: expect.stringContaining("Key Vault is not emulated") as unknown });
    expect(await readStackOutputs(world.stateDir, "kv", world.emulator)).toBeUndefined();
    await destroy(world.options(PERMISSIONS, "kv"));
    expect(world.objectsCreated()).toEqual([]);
  });

  it("records the steps that succeeded before a Graph failure and completes them on the next run, without duplicates", async () => {
    const fault = world.emulator.control.injectFault({ route: "graph", pathPattern: "appRoleAssignedTo$", kind: "status", status: 500, times: 1 });
    await expect(up(world.options(PERMISSIONS, "flaky"))).rejects.toMatchObject({ code: "STEPS_FAILED", message: expect.stringContaining("InternalServerError") as unknown });
    expect(fault).toBeTypeOf("string");
    expect(await readStackOutputs(world.stateDir, "flaky", world.emulator)).toBeUndefined();

    const retry = await up(world.options(PERMISSIONS, "flaky"));
    expect(created(retry.steps)).toHaveLength(2); // the grant that failed, and the stash behind it
    expect(retry.steps.filter((s) => s.type.endsWith("Application") || s.type.endsWith("ServicePrincipal")).map((s) => s.op)).toEqual(["same", "same"]);
    const o = world.emulator.control.objects(world.deployer.tenantId);
    expect(o.applications.filter((a) => (a as { appId?: string }).appId === retry.outputs["clientId"])).toHaveLength(1);
    expect(o.appRoleAssignments.filter((a) => (a as { principalId?: string }).principalId === retry.outputs["servicePrincipalObjectId"])).toHaveLength(2);
    await destroy(world.options(PERMISSIONS, "flaky"));
    expect(world.objectsCreated()).toEqual([]);
  });

  it("stops the update when verify fails with verifyOnDeploy=fail, and checks again on the next run", async () => {
    const { control } = world.emulator;
    // New role assignments reach tokens only after 10 minutes (the deployer's own are older).
    control.setReplicationDelays(world.deployer.tenantId, { roleAssignmentMs: 600_000 });
    control.advanceClock(601_000);
    const strict = world.options({ ...PERMISSIONS, verifyOnDeploy: "fail" }, "strict");
    try {
      const failing = up({ ...strict, verifyOptions: { replicationWindowMs: 300, timeoutMs: 5_000, minRequestIntervalMs: 10 } });
      await expect(failing).rejects.toMatchObject({ code: "VERIFY_FAILED" });
      expect(await readStackOutputs(world.stateDir, "strict", world.emulator)).toBeUndefined();

      control.advanceClock(601_000);
      const passing = await up(strict);
      expect(created(passing.steps)).toEqual(["Stash workload-identity-verify"]);
      expect(passing.verify.map((v) => v.report.ok)).toEqual([true]);
    } finally {
      control.setReplicationDelays(world.deployer.tenantId, { roleAssignmentMs: 0 });
    }
    await destroy(strict);
    expect(world.objectsCreated()).toEqual([]);
  });
});
