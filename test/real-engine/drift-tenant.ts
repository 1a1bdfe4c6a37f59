// Drift as users meet it, one scenario after another on one stack, each made through Graph as the
// portal makes it: an undeclared grant added, owners changed, the active secret deleted, the previous
// secret deleted, the application deleted. What must hold (docs/program.md, "Drift"): the declared
// state comes back with `pulumi refresh` and `pulumi up` without replacing an active secret that
// still exists; an undeclared grant is reported by the preview and by verify; a deleted active
// secret gets a clear message and a new secret; nothing fails with a bare 404. Run by
// drift-tenant-real.test.ts and drift-tenant-substitute.test.ts, one provider each.

import { expect } from "vitest";
import type { EnginePlugins } from "../../engine/plugins.ts";
import { verifyWorkload, type StackOutputs } from "../../verify/index.ts";
import { DAY_MS, plainOutputs, type EngineWorld } from "./helpers.ts";

const GROUP_READ_ALL = "5b567255-7703-4780-807c-7be8301ae99b";

export async function runTenantDrift(world: EngineWorld, kind: string, plugins: EnginePlugins): Promise<void> {
  const name = `tenant-${kind}`;
  await world.stack(name, { permissions: ["User.Read.All"] });
  const stack = await world.reopen(name, plugins, `home-${name}`);
  const printed: string[] = [];
  const onOutput = (chunk: string) => void printed.push(chunk);
  const output = () => printed.splice(0).join("");
  await stack.up();
  const first = await plainOutputs(stack);
  const [appObjectId, spObjectId] = [String(first["applicationObjectId"]), String(first["servicePrincipalObjectId"])];
  const graphSp = (world.emulator.control.objects(world.deployer.tenantId).servicePrincipals as { id: string; appId: string }[]).find((s) => s.appId === "00000003-0000-0000-c000-000000000000");

  // 1. A grant the stack does not declare, added in the portal: reported by preview and verify, left in place.
  const added = await world.graphAsDeployer("POST", `/v1.0/servicePrincipals/${spObjectId}/appRoleAssignments`, { principalId: spObjectId, resourceId: graphSp?.id, appRoleId: GROUP_READ_ALL });
  expect(added.status, kind).toBe(201);
  world.syncClock();
  await stack.preview({ expectNoChanges: true, onOutput });
  expect(output(), kind).toContain("tenant (UNDECLARED_GRANT): Microsoft Graph Group.Read.All is granted to the service principal");
  const report = await verifyWorkload(first as unknown as StackOutputs, { deployedAt: 0, now: () => world.emulator.control.now() });
  expect(report.checks.find((c) => c.name === "roles"), kind).toMatchObject({ status: "warn", code: "WARN_ROLES_UNDECLARED" });
  const grantId = ((await added.json()) as { id: string }).id;
  expect((await world.graphAsDeployer("DELETE", `/v1.0/servicePrincipals/${spObjectId}/appRoleAssignments/${grantId}`)).status).toBe(204);

  // 2. Owners changed in the portal: another principal (here the tenant's Microsoft Graph service
  // principal, one that exists in every tenant) added as owner. Refresh reads it back, `pulumi up`
  // restores the declared owners.
  const owner = await world.graphAsDeployer("POST", `/v1.0/applications/${appObjectId}/owners/$ref`, { "@odata.id": `${world.emulator.graphEndpoint}/v1.0/directoryObjects/${graphSp?.id ?? ""}` });
  expect(owner.status, kind).toBe(204);
  world.syncClock();
  const refreshed = await stack.refresh();
  // The application's owners, and what the engine refreshes along with them (the same on both providers).
  expect(refreshed.summary.resourceChanges?.["update"], kind).toBeGreaterThanOrEqual(1);
  const restored = await stack.up();
  expect(restored.summary.resourceChanges?.["update"], kind).toBeGreaterThanOrEqual(1);
  expect(restored.summary.resourceChanges, kind).not.toHaveProperty("replace");
  const owners = ((await (await world.graphAsDeployer("GET", `/v1.0/applications/${appObjectId}/owners`)).json()) as { value: { id: string }[] }).value.map((o) => o.id);
  expect(owners, kind).toEqual([world.deployer.servicePrincipalObjectId]);
  expect((await plainOutputs(stack))["clientSecretKeyId"], kind).toBe(first["clientSecretKeyId"]);

  // 3. The active secret deleted: the preview says so; `pulumi up` (which refreshes first, Pulumi.yaml
  // options.refresh) makes a new one in its slot, with no failing removePassword.
  expect((await world.graphAsDeployer("POST", `/v1.0/applications/${appObjectId}/removePassword`, { keyId: first["clientSecretKeyId"] })).status).toBe(204);
  world.syncClock();
  await stack.preview({ onOutput });
  expect(output(), kind).toContain(`tenant (ACTIVE_SECRET_DELETED): the active client secret (keyId ${String(first["clientSecretKeyId"])})`);
  await stack.up();
  const second = await plainOutputs(stack);
  expect(second["clientSecretKeyId"], kind).not.toBe(first["clientSecretKeyId"]);
  const signIn = await verifyWorkload(second as unknown as StackOutputs, { deployedAt: 0, now: () => world.emulator.control.now() });
  expect(signIn.checks.find((c) => c.name === "token")?.status, kind).toBe("pass");
  await stack.preview({ expectNoChanges: true });

  // 4. The previous secret deleted: reported, a new unused secret in its slot; the next rotation replaces it as planned.
  world.emulator.control.advanceClock(91 * DAY_MS);
  world.syncClock();
  await stack.up();
  const rotated = await plainOutputs(stack);
  expect(rotated["previousClientSecretKeyId"], kind).toBe(second["clientSecretKeyId"]);
  expect((await world.graphAsDeployer("POST", `/v1.0/applications/${appObjectId}/removePassword`, { keyId: rotated["previousClientSecretKeyId"] })).status).toBe(204);
  world.syncClock();
  await stack.up({ onOutput });
  expect(output(), kind).toContain("tenant (PREVIOUS_SECRET_DELETED)");
  const refilled = await plainOutputs(stack);
  expect(refilled["previousClientSecretKeyId"], kind).not.toBe(rotated["previousClientSecretKeyId"]);
  expect(refilled["clientSecretKeyId"], kind).toBe(rotated["clientSecretKeyId"]);
  world.emulator.control.advanceClock(91 * DAY_MS);
  world.syncClock();
  const replaced = await stack.up();
  expect(replaced.summary.resourceChanges, kind).toMatchObject({ replace: 1 });
  const third = await plainOutputs(stack);
  expect(third["previousClientSecretKeyId"], kind).toBe(rotated["clientSecretKeyId"]);

  // 5. The application deleted: the preview names the way back; `pulumi up` registers a new one. The
  // deletion takes the service principal and its grants along: their refresh reads answer 404.
  const assignments = ((await (await world.graphAsDeployer("GET", `/v1.0/servicePrincipals/${spObjectId}/appRoleAssignments`)).json()) as { value: { id: string }[] }).value;
  world.allowGoneReads(spObjectId, ...assignments.map((a) => a.id));
  expect((await world.graphAsDeployer("DELETE", `/v1.0/applications/${appObjectId}`)).status).toBe(204);
  world.syncClock();
  await stack.preview({ onOutput });
  expect(output(), kind).toContain(`tenant (APPLICATION_DELETED): the application ${String(first["clientId"])}`);
  await stack.up();
  const fresh = await plainOutputs(stack);
  expect(fresh["clientId"], kind).not.toBe(first["clientId"]);
  await stack.preview({ expectNoChanges: true });
  await stack.destroy();
}
