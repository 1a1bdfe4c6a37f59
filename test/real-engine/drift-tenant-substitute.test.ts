// Drift scenarios of drift-tenant.ts on the substitute azuread provider.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnginePlugins } from "../../engine/plugins.ts";
import { runTenantDrift } from "./drift-tenant.ts";
import { providersToRun, startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
let plugins: EnginePlugins | undefined;
beforeAll(async () => {
  world = await startWorld();
  plugins = (await providersToRun()).find(([kind]) => kind === "substitute")?.[1];
});
afterAll(() => world.close());

describe("drift made in the portal, on the substitute provider", () => {
  it("undeclared grant, owners, active secret, previous secret, application: each reported or restored, nothing fails", async (context) => {
    if (plugins === undefined) return context.skip("the real azuread provider is not installed here (drift-tenant-substitute.test.ts runs the same scenarios)");
    await runTenantDrift(world, "substitute", plugins);
    expect(world.objectsCreated()).toEqual([]);
  }, 600_000);
});
