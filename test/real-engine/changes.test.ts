// Updates on the real engine: a changed permission list adds and removes only those grants; with
// verifyOnDeploy=fail a failing check fails `pulumi up`, and the next `pulumi up` checks again.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;

/** A Graph path with its ids (GUIDs, base64 assignment ids) replaced by {id}: only route words stay. */
const ROUTE_WORDS = new Set(["v1.0", "beta", "applications", "servicePrincipals", "appRoleAssignedTo", "owners", "$ref"]);
const routeOf = (path: string) => path.split("/").map((segment) => (segment === "" || ROUTE_WORDS.has(segment) ? segment : "{id}")).join("/");
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe("stack updates on the real engine", () => {
  it("adds and removes only the grants of the permissions that changed", async () => {
    const stack = await world.stack("perms", { permissions: ["User.Read.All", "Group.Read.All"] });
    await stack.up();
    const before = world.emulator.control.objects(world.deployer.tenantId).appRoleAssignments.map((a) => (a as { id: string }).id);

    await stack.setConfig("graph-workload-identity:permissions[1]", { value: "Application.Read.All" }, true);
    const mark = world.mark();
    const result = await stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1, delete: 1 });
    const writes = world.graphWritesSince(mark).map((w) => `${w.method} ${routeOf(w.path)}`);
    // The grant that went and the one that came, and the app's requiredResourceAccess updated in place.
    expect(writes.sort()).toEqual([
      "DELETE /v1.0/servicePrincipals/{id}/appRoleAssignedTo/{id}",
      "PATCH /v1.0/applications/{id}",
      "POST /v1.0/servicePrincipals/{id}/appRoleAssignedTo",
    ]);
    const after = world.emulator.control.objects(world.deployer.tenantId).appRoleAssignments.map((a) => (a as { id: string }).id);
    expect(after.filter((id) => before.includes(id))).toHaveLength(before.length - 1); // the User.Read.All grant stayed
    await stack.destroy();
  });

  it("fails `pulumi up` when verify fails with verifyOnDeploy=fail, and checks again on the next `pulumi up`", async () => {
    const before = new Set(world.objectsCreated());
    const stack = await world.stack("strict", { permissions: ["User.Read.All"], verifyOnDeploy: "fail" });
    await stack.up();
    const clientId = String((await stack.outputs())["clientId"]?.value);
    // Conditional Access now blocks the workload: the next new secret fails verify (AADSTS53003).
    world.emulator.control.setConditionalAccess(world.deployer.tenantId, { blockedAppIds: [clientId] });
    await stack.setConfig("graph-workload-identity:rotate", { value: "after-block" });
    const failed = await stack.up().then(() => undefined, (error: unknown) => error as Error);
    expect(failed?.message).toContain("53003");
    expect(failed?.message).toContain("workload-identity-verify");

    world.emulator.control.setConditionalAccess(world.deployer.tenantId, { blockedAppIds: [] });
    const passed = await stack.up();
    // Only the stash behind the hook changes: the new secret exists already; the checks run and pass.
    expect(passed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(passed.summary.resourceChanges).not.toHaveProperty("create");
    await stack.destroy();
    expect(world.objectsCreated().filter((id) => !before.has(id))).toEqual([]);
  });
});
