// examples/nightly-directory-sync: its stack config deployed with the real engine, then its job run
// with the stack outputs, through @azure/identity, against the same emulator.

import { readFile } from "node:fs/promises";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialFor, syncDirectory, type StackOutputs } from "../../examples/nightly-directory-sync/sync.ts";
import { plainOutputs, PROJECT, startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe("examples/nightly-directory-sync", () => {
  it("deploys from its stack file and its job reads every user and group with the outputs", async () => {
    const file = yaml.load(await readFile(new URL("../../examples/nightly-directory-sync/Pulumi.nightly-sync.yaml", import.meta.url), "utf8")) as { config: Record<string, unknown> };
    const settings = Object.fromEntries(
      Object.entries(file.config).map(([k, v]) => [k.slice(PROJECT.length + 1), Array.isArray(v) ? v.map(String) : String(v)]),
    );
    const stack = await world.stack("nightly-sync", settings);
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");

    const outputs = await plainOutputs(stack);
    expect(outputs["permissions"]).toEqual(["User.Read.All", "Group.Read.All", "GroupMember.Read.All"]);
    const snapshot = await syncDirectory(outputs as unknown as StackOutputs, credentialFor(outputs as unknown as StackOutputs));
    // The emulator seeds every tenant with a handful of people and groups.
    expect(snapshot.users.length).toBeGreaterThan(3);
    expect(snapshot.users.every((u) => /^[^@]+@[^@]+\.onmicrosoft\.com$/.test(u.userPrincipalName ?? ""))).toBe(true);
    expect(snapshot.groups.length).toBeGreaterThan(1);
    expect(new Set(snapshot.groups.map((g) => g.id)).size).toBe(snapshot.groups.length);
    await stack.destroy();
  });
});
