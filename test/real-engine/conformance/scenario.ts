// The engine operations the program uses, run in one sequence on one provider, with each
// operation's Graph traffic captured: what the conformance test compares between the real azuread
// provider (recorded into fixtures/provider-requests.json) and the substitute.

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { EnginePlugins } from "../../../engine/plugins.ts";
import { DAY_MS, type EngineWorld } from "../helpers.ts";
import { normalizeTraffic, type OperationTraffic } from "./normalize.ts";

export const FIXTURE = fileURLToPath(new URL("../fixtures/provider-requests.json", import.meta.url));
export const RECORD_ENV = "GRAPH_WORKLOAD_IDENTITY_RECORD_PROVIDER";

export interface Recording {
  readonly about: string;
  readonly command: string;
  readonly provider: string;
  readonly operations: Record<string, OperationTraffic>;
}

/** Each step: a name and what it does to the stack (the world's clock is synced before each). */
export async function runScenario(world: EngineWorld, plugins: EnginePlugins, name: string): Promise<Record<string, OperationTraffic>> {
  const { issuer } = world.emulator.control.createIssuer({ name: `ci-${name}` });
  await world.stack(name, { permissions: ["User.Read.All"] });
  const stack = await world.reopen(name, plugins, `home-${name}`);
  await world.stack(`${name}-fed`, {
    permissions: ["User.Read.All"],
    secretless: "true",
    federatedCredentials: JSON.stringify([{ issuer, subject: "repo:contoso/sync:environment:production", name: "ci-production" }]),
  });
  const secretless = await world.reopen(`${name}-fed`, plugins, `home-${name}`);
  const operations: Record<string, OperationTraffic> = {};
  const step = async (label: string, run: () => Promise<unknown>) => {
    world.syncClock();
    const mark = world.mark();
    await run();
    operations[label] = normalizeTraffic(world.emulator.control.requests().slice(mark));
  };
  await step("up: first deploy", () => stack.up());
  await step("preview: no change", () => stack.preview({ expectNoChanges: true }));
  await step("up: a permission added, the display name changed", async () => {
    await stack.setConfig("graph-workload-identity:permissions[1]", { value: "Group.Read.All" }, true);
    await stack.setConfig("graph-workload-identity:displayName", { value: `${name} renamed` });
    return stack.up();
  });
  await step("up: a permission removed", async () => {
    await stack.removeConfig("graph-workload-identity:permissions");
    await stack.setConfig("graph-workload-identity:permissions[0]", { value: "Group.Read.All" }, true);
    return stack.up();
  });
  world.emulator.control.advanceClock(91 * DAY_MS);
  await step("up: first rotation (a second slot)", () => stack.up());
  world.emulator.control.advanceClock(91 * DAY_MS);
  await step("up: second rotation (slot 0 replaced)", () => stack.up());
  await step("refresh: no drift", () => stack.refresh());
  await step("destroy", () => stack.destroy());
  await step("up: secretless, one federated credential", () => secretless.up());
  await step("destroy: secretless", () => secretless.destroy());
  return operations;
}

export async function readRecording(): Promise<Recording> {
  return JSON.parse(await readFile(FIXTURE, "utf8")) as Recording;
}

export async function writeRecording(provider: string, operations: Record<string, OperationTraffic>): Promise<void> {
  const recording: Recording = {
    about: "Graph requests of the real azuread provider over the emulator, per engine operation and request path (ids as {id}; repeats in a row collapsed)",
    command: "npm run record:provider (needs the real provider: GRAPH_WORKLOAD_IDENTITY_PLUGINS=../shared/pulumi-plugins)",
    provider,
    operations,
  };
  await writeFile(FIXTURE, `${JSON.stringify(recording, null, 2)}\n`);
}
