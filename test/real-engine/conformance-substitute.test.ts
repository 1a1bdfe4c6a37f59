// The substitute azuread provider makes the Graph requests the real one made for the same engine
// operations (fixtures/provider-requests.json, recorded with `npm run record:provider`): same
// methods, paths, query parameters, body properties and statuses, in the same order per object.
// Runs everywhere, fresh machines included: the recording is committed.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBSTITUTE_PROVIDER, type EnginePlugins } from "../../engine/plugins.ts";
import { AZUREAD_PROVIDER_VERSION } from "../../engine/versions.ts";
import { locateEngine, startWorld, type EngineWorld } from "./helpers.ts";
import { trafficDifferences } from "./conformance/normalize.ts";
import { readRecording, runScenario } from "./conformance/scenario.ts";

let world: EngineWorld;
let substitute: EnginePlugins;
beforeAll(async () => {
  world = await startWorld();
  const found = (await locateEngine()).plugins;
  substitute = { ...found, provider: { kind: "substitute", binary: SUBSTITUTE_PROVIDER, version: AZUREAD_PROVIDER_VERSION, origin: "engine/azuread-provider" } };
});
afterAll(() => world.close());

describe("the substitute azuread provider", () => {
  it("sends the Graph requests the real provider sent, operation by operation", async () => {
    const recording = await readRecording();
    const operations = await runScenario(world, substitute, "conform-sub");
    expect(Object.keys(operations)).toEqual(Object.keys(recording.operations));
    const differences = Object.entries(operations).flatMap(([op, traffic]) => trafficDifferences(op, recording.operations[op] ?? {}, traffic));
    expect(differences.join("\n\n")).toBe("");
  });
});
