// The recording of the real azuread provider's Graph traffic (fixtures/provider-requests.json) is
// what the substitute is held to. Where the real provider runs, this file runs the scenario on it
// and checks the recording still says what it does; with GRAPH_WORKLOAD_IDENTITY_RECORD_PROVIDER=1
// (`npm run record:provider`) it writes the recording instead.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnginePlugins } from "../../engine/plugins.ts";
import { locateEngine, startWorld, type EngineWorld } from "./helpers.ts";
import { trafficDifferences } from "./conformance/normalize.ts";
import { readRecording, RECORD_ENV, runScenario, writeRecording } from "./conformance/scenario.ts";

let world: EngineWorld;
let plugins: EnginePlugins;
beforeAll(async () => {
  world = await startWorld();
  plugins = (await locateEngine()).plugins;
});
afterAll(() => world.close());

describe("the real azuread provider's Graph traffic", () => {
  it("is what fixtures/provider-requests.json recorded (or is recorded again)", async (context) => {
    if (plugins.provider.kind !== "real") {
      if (process.env[RECORD_ENV] === "1") throw new Error(`${RECORD_ENV}=1 needs the real azuread provider; set GRAPH_WORKLOAD_IDENTITY_PLUGINS=../shared/pulumi-plugins and run npm run pulumi:build`);
      context.skip("the real azuread provider is not installed here; the substitute is compared with the recording in conformance-substitute.test.ts");
    }
    const operations = await runScenario(world, plugins, "conform-real");
    if (process.env[RECORD_ENV] === "1") {
      await writeRecording(`pulumi-resource-azuread ${plugins.provider.version} (${plugins.provider.origin})`, operations);
      return;
    }
    const recording = await readRecording();
    expect(Object.keys(operations)).toEqual(Object.keys(recording.operations));
    const differences = Object.entries(operations).flatMap(([op, traffic]) => trafficDifferences(op, recording.operations[op] ?? {}, traffic));
    expect(differences, "the real provider's traffic changed: rerun `npm run record:provider` and review the diff").toEqual([]);
  });
});
