// A changed permission list: grants added and removed by the next run, and verify sees the new roles
// in a freshly acquired token.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroy, up } from "../../local/index.ts";
import { requestToken, tokenClaims } from "../../local/token.ts";
import { created, startWorld, type E2eWorld } from "./helpers.ts";

let world: E2eWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe("changing the permission list", () => {
  it("adds and removes grants, updates the app registration, and verify sees the new roles", async () => {
    await up(world.options());
    const changed = await up(world.options({ permissions: ["User.Read.All", "Application.Read.All"] }));

    expect(created(changed.steps, "create")).toContain("AppRoleAssignment workload-identity-grant-Application.Read.All");
    expect(created(changed.steps, "delete")).toEqual(["AppRoleAssignment workload-identity-grant-Group.Read.All"]);
    expect(created(changed.steps, "update")).toContain("Application workload-identity-app");
    expect(changed.steps.find((s) => s.name === "workload-identity-app")?.detail).toBe("requiredResourceAccesses");
    expect(changed.outputs["permissions"]).toEqual(["User.Read.All", "Application.Read.All"]);

    const [check] = changed.verify;
    expect(check?.report.ok).toBe(true);
    expect(check?.report.target.permissions).toEqual(["User.Read.All", "Application.Read.All"]);
    expect(check?.report.checks.find((c) => c.name === "roles")?.status).toBe("pass");

    // A new token carries exactly the new roles.
    const token = await requestToken({ dispatcher: world.dispatcher, timeoutMs: 10_000 }, String(changed.outputs["authorityHost"]), String(changed.outputs["scope"]), {
      tenantId: String(changed.outputs["tenantId"]),
      clientId: String(changed.outputs["clientId"]),
      clientSecret: String(changed.outputs["clientSecret"]),
    });
    expect(token.ok).toBe(true);
    if (token.ok) expect((tokenClaims(token.accessToken)["roles"] as string[]).sort()).toEqual(["Application.Read.All", "User.Read.All"]);

    const assignments = world.emulator.control
      .objects(world.deployer.tenantId)
      .appRoleAssignments.filter((a) => (a as { principalId?: string }).principalId === changed.outputs["servicePrincipalObjectId"]);
    expect(assignments).toHaveLength(2);

    await destroy(world.options());
    expect(world.objectsCreated()).toEqual([]);
  });
});
