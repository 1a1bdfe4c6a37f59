// One state, two providers: a stack deployed by the real azuread provider previews with no changes
// and is destroyed by the substitute, and the other way round. Where the real provider is missing
// there is nothing to compare, and the test says so by skipping.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBSTITUTE_PROVIDER, type EnginePlugins } from "../../engine/plugins.ts";
import { AZUREAD_PROVIDER_VERSION } from "../../engine/versions.ts";
import { locateEngine, startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
let real: EnginePlugins;
let substitute: EnginePlugins;
beforeAll(async () => {
  world = await startWorld();
  real = (await locateEngine()).plugins;
  substitute = { ...real, provider: { kind: "substitute", binary: SUBSTITUTE_PROVIDER, version: AZUREAD_PROVIDER_VERSION, origin: "engine/azuread-provider" } };
});
afterAll(() => world.close());

const hasReal = async () => (await locateEngine()).plugins.provider.kind === "real";

describe.skipIf(!(await hasReal()))("a state written by one azuread provider, read by the other", () => {
  it.each([
    ["real", "substitute"],
    ["substitute", "real"],
  ] as const)("up on the %s provider; preview --expect-no-changes, refresh and destroy on the %s", async (first, second) => {
    const name = `${first}-then-${second}`;
    const pick = (kind: string) => (kind === "real" ? real : substitute);
    const stack = await world.reopen(name, pick(first), `home-${name}-1`);
    await world.stack(name, { permissions: ["User.Read.All"] }); // the config, in the same project folder
    await stack.up();
    const other = await world.reopen(name, pick(second), `home-${name}-2`);
    world.syncClock();
    const preview = await other.preview({ expectNoChanges: true });
    expect(preview.changeSummary).not.toHaveProperty("update");
    await other.refresh();
    await other.preview({ expectNoChanges: true });
    const destroyed = await other.destroy();
    expect(destroyed.summary.result).toBe("succeeded");
    expect(world.objectsCreated()).toEqual([]);
  });
});
