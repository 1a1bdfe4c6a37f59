// A stack's life on the real Pulumi engine: first `pulumi up` on a brand-new stack (its StackReference
// to itself reads nothing), a second `up` and `preview --expect-no-changes` that change nothing,
// `refresh` that finds no drift, Pulumi.yaml defaults, secrets only encrypted in the state file,
// `destroy` leaving nothing.

import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, plainOutputs, startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
let stack: Stack;
const printed: string[] = [];
const onOutput = (chunk: string) => void printed.push(chunk);
const secrets = new Set<string>();

beforeAll(async () => {
  world = await startWorld();
  stack = await world.stack("life", { permissions: ["User.Read.All", "Group.Read.All"] });
});
afterAll(() => world.close());

describe("a stack on the real Pulumi engine", () => {
  it("is created by the first `pulumi up` of a brand-new stack, with outputs pointing at the cloud of azuread:metadataHost", async () => {
    const result = await stack.up({ onOutput });
    expect(result.summary.result).toBe("succeeded");
    // Stack, component, application, service principal, password, two grants, the verify stash.
    expect(result.summary.resourceChanges).toMatchObject({ create: 8 });
    const outputs = await plainOutputs(stack);
    secrets.add(String(outputs["clientSecret"]));
    expect(outputs).toMatchObject({
      tenantId: world.deployer.tenantId,
      authorityHost: world.emulator.authorityHost,
      graphEndpoint: world.emulator.graphEndpoint,
      scope: `${world.emulator.graphEndpoint}/.default`,
      permissions: ["User.Read.All", "Group.Read.All"],
    });
    expect(world.objectsCreated()).toHaveLength(4); // application, service principal, two role assignments
    // When the active secret was created, by the tenant's clock: where verify's replication window starts.
    const createdAt = Date.parse(String(outputs["clientSecretCreatedAt"]));
    expect(String(outputs["clientSecretCreatedAt"])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/); // as Graph returns it
    expect(createdAt).toBeLessThanOrEqual(world.emulator.control.now());
    expect(createdAt).toBeGreaterThan(world.emulator.control.now() - 120_000);
  });

  it("applies the Pulumi.yaml defaults: a 90-day rotation period and a derived 194-day secret lifetime", async () => {
    const outputs = await plainOutputs(stack);
    const state = outputs["rotationState"] as { rotationDays: number; slots: { startsAt: string; endsAt: string }[] };
    const startedAt = Date.parse(state.slots[0]?.startsAt ?? "");
    expect(state.rotationDays).toBe(90);
    expect(Date.parse(String(outputs["nextRotationAt"])) - startedAt).toBe(90 * DAY_MS);
    expect(Math.round((Date.parse(String(outputs["clientSecretExpiresAt"])) - startedAt) / DAY_MS)).toBe(194);
  });

  it("changes nothing on a second `pulumi up`, and `pulumi preview --expect-no-changes` passes, with no Graph write", async () => {
    const mark = world.mark();
    const again = await stack.up({ onOutput });
    expect(again.summary.resourceChanges).not.toHaveProperty("create");
    expect(again.summary.resourceChanges).not.toHaveProperty("update");
    expect(again.summary.resourceChanges).not.toHaveProperty("replace");
    const preview = await stack.preview({ expectNoChanges: true, onOutput });
    expect(preview.changeSummary).toMatchObject({ same: 8 });
    expect(world.graphWritesSince(mark)).toEqual([]);
  });

  it("finds no drift on `pulumi refresh`, and `pulumi preview --expect-no-changes` passes after it, with no Graph write", async () => {
    const mark = world.mark();
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).not.toHaveProperty("update");
    expect(refresh.summary.resourceChanges).not.toHaveProperty("delete");
    const preview = await stack.preview({ expectNoChanges: true, onOutput });
    expect(preview.changeSummary).toMatchObject({ same: 8 });
    expect(world.graphWritesSince(mark)).toEqual([]);
  });

  it("keeps the client secret only encrypted in the state file, and never shows it in Pulumi's output or logs", async () => {
    const state = await world.stateText("life");
    const checkpoint = JSON.parse(state) as { checkpoint: { latest: { resources: { type: string; outputs?: Record<string, unknown> }[] } } };
    const password = checkpoint.checkpoint.latest.resources.find((r) => r.type === "azuread:index/applicationPassword:ApplicationPassword");
    expect(password?.outputs?.["value"]).toMatchObject({ ciphertext: expect.any(String) as unknown });
    const stackOutputs = checkpoint.checkpoint.latest.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs;
    expect(stackOutputs?.["clientSecret"]).toMatchObject({ ciphertext: expect.any(String) as unknown });
    const logs = await world.logsText();
    for (const secret of [...secrets, world.deployer.clientSecret]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(state).not.toContain(secret);
      expect(printed.join("")).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it("leaves nothing behind after `pulumi destroy`", async () => {
    const result = await stack.destroy({ onOutput });
    expect(result.summary.result).toBe("succeeded");
    expect(world.objectsCreated()).toEqual([]);
    await expect(plainOutputs(stack)).resolves.toEqual({});
  });
});
