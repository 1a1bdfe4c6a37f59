// The real program, the real verify and the emulator together, through the local stand-in for
// `pulumi up`: provision, rotate twice while a consumer keeps using the identity, an unchanged run,
// destroy. The steps build on each other, in order (vitest runs a file's tests sequentially).

import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Consumer, type ConsumerStats } from "../../local/consumer.ts";
import { destroy, readStackOutputs, up, type RunnerOptions, type UpResult } from "../../local/index.ts";
import { created, DAY_MS, startWorld, type E2eWorld } from "./helpers.ts";

let world: E2eWorld;
let options: RunnerOptions;
let consumer: Consumer;
const runs: UpResult[] = [];

beforeAll(async () => {
  world = await startWorld();
  options = world.options();
  consumer = new Consumer({
    readOutputs: () => readStackOutputs(world.stateDir, "dev", world.emulator),
    http: { dispatcher: world.dispatcher, timeoutMs: 10_000 },
    intervalMs: 20,
  });
});
afterAll(async () => {
  await consumer.stop();
  await world.close();
});

const passwordsOnTheApp = (clientId: unknown): string[] =>
  (world.emulator.control.objects(world.deployer.tenantId).applications as { appId?: string; passwordCredentials?: { keyId: string }[] }[])
    .find((a) => a.appId === clientId)
    ?.passwordCredentials?.map((p) => p.keyId) ?? [];

describe("the example stack on the emulator", () => {
  it("provisions the identity, verifies it on deploy and reports outputs that point at the emulator", async () => {
    const first = await up(options);
    runs.push(first);
    expect(created(first.steps).sort()).toEqual([
      "AppRoleAssignment workload-identity-grant-Group.Read.All",
      "AppRoleAssignment workload-identity-grant-User.Read.All",
      "Application workload-identity-app",
      "ApplicationPassword workload-identity-secret",
      "ServicePrincipal workload-identity-sp",
      "Stash workload-identity-verify",
    ]);
    expect(first.verify.map((v) => v.report.ok)).toEqual([true]);
    expect(first.outputs).toMatchObject({ authorityHost: world.emulator.authorityHost, scope: `${world.emulator.graphEndpoint}/.default`, permissions: ["User.Read.All", "Group.Read.All"] });
    expect(first.secretOutputNames).toContain("clientSecret");
    consumer.start();
  });

  it("keeps the client secret in an owner-only state file, like Pulumi state", async () => {
    const stateFile = join(world.stateDir, "dev.json");
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(stateFile, "utf8")).toContain(String(runs[0]?.outputs["clientSecret"]));
  });

  it("fills the second slot after one rotation period and deletes nothing", async () => {
    world.emulator.control.advanceClock(91 * DAY_MS);
    const second = await up(options);
    runs.push(second);
    expect(created(second.steps).filter((s) => s.startsWith("ApplicationPassword"))).toEqual(["ApplicationPassword workload-identity-secret-1"]);
    expect(created(second.steps, "delete")).toEqual([]);
    expect(second.outputs["clientSecretKeyId"]).not.toBe(runs[0]?.outputs["clientSecretKeyId"]);
    expect(second.outputs["previousClientSecretExpiresAt"]).toBe(runs[0]?.outputs["clientSecretExpiresAt"]);
    expect(second.verify.map((v) => v.report.ok)).toEqual([true]);
    expect(passwordsOnTheApp(second.outputs["clientId"])).toHaveLength(2);
  });

  it("replaces the older slot after the next period: the new password first, the old one deleted at the end", async () => {
    world.emulator.control.advanceClock(91 * DAY_MS);
    const third = await up(options);
    runs.push(third);
    expect(created(third.steps, "replace")).toEqual(["ApplicationPassword workload-identity-secret"]);
    expect(created(third.steps, "delete")).toEqual(["ApplicationPassword workload-identity-secret"]);
    expect(third.steps.at(-1)?.op).toBe("delete");
    expect(third.outputs["previousClientSecretExpiresAt"]).toBe(runs[1]?.outputs["clientSecretExpiresAt"]);
    const passwords = passwordsOnTheApp(third.outputs["clientId"]);
    expect(passwords.sort()).toEqual([third.outputs["clientSecretKeyId"], runs[1]?.outputs["clientSecretKeyId"]].sort());
  });

  it("makes no Graph write call and runs no verify when nothing changed", async () => {
    const mark = world.mark();
    const unchanged = await up(options);
    expect(unchanged.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0, same: 7 });
    expect(unchanged.verify).toEqual([]);
    expect(world.graphWritesSince(mark)).toEqual([]);
  });

  it("never failed a token request of the consumer across both rotations", async () => {
    const stats: ConsumerStats = await consumer.stop();
    expect(stats).toMatchObject({ failures: 0, secretsUsed: 3 });
    expect(stats.requests).toBeGreaterThan(0);
  });

  it("destroys every object the program created, and the state file with it", async () => {
    const gone = await destroy(options);
    expect(gone.counts.delete).toBe(7);
    expect(world.objectsCreated()).toEqual([]);
    await expect(stat(join(world.stateDir, "dev.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("never emitted a secret in its steps, notices or program output", () => {
    const events = JSON.stringify(world.events);
    for (const run of runs) expect(events).not.toContain(String(run.outputs["clientSecret"]));
  });
});
