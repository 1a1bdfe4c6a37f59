// `pulumi stack rename` on the real engine: the passwords keep their key ids (each one's display
// name still names the old stack, which is only a label); the next update changes the app's
// default display name in place and replaces nothing.

import { Stack } from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainOutputs, startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe("a renamed stack", () => {
  it("replaces no password: preview plans no replacement, and `pulumi up` keeps clientSecretKeyId", async () => {
    const stack = await world.stack("before", { permissions: ["User.Read.All"] });
    await stack.up();
    const before = await plainOutputs(stack);
    await stack.rename({ stackName: "after" });
    const renamed = await Stack.select("after", stack.workspace);
    world.syncClock();
    const preview = await renamed.preview({ diff: true });
    expect(preview.changeSummary).not.toHaveProperty("replace");
    expect(preview.changeSummary).not.toHaveProperty("create");
    expect(preview.changeSummary).not.toHaveProperty("delete");
    const up = await renamed.up();
    expect(up.summary.resourceChanges).not.toHaveProperty("replace");
    const after = await plainOutputs(renamed);
    expect(after["clientSecretKeyId"]).toBe(before["clientSecretKeyId"]);
    expect(after["clientId"]).toBe(before["clientId"]);
    expect(after["rotationState"]).toEqual(before["rotationState"]);
    await renamed.destroy();
    expect(world.objectsCreated()).toEqual([]);
  });
});
