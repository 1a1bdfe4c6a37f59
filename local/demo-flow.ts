// The whole flow on the emulator, as a function (demo.ts prints it; the end-to-end tests assert on
// it): start the emulator over HTTPS, provision the example stack, verify, move the clock past a
// rotation period, provision again (one slot rotates), verify, provision once more with nothing
// changed, destroy, tear down — while a consumer keeps requesting tokens with the secret it last
// read from the stack outputs. Uses the local stand-in for `pulumi up` (engine.ts).

import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Agent } from "undici";
import { startEmulator, type Emulator } from "../emulator/index.ts";
import { verifyWorkload, type ProgressEvent, type StackOutputs } from "../verify/index.ts";
import { readStackConfig } from "./config.ts";
import { Consumer, type ConsumerStats } from "./consumer.ts";
import { seconds, stepHeader, stepResult, summarizeOutputs, summarizeSteps, summarizeVerify } from "./demo-report.ts";
import { destroy } from "./destroy.ts";
import { up, type RunnerEvent, type RunnerOptions, type RunnerTarget } from "./engine.ts";
import { readStackOutputs } from "./stack-outputs.ts";

const DAY_MS = 86_400_000;

export interface DemoOptions {
  readonly projectDir: string;
  readonly stack: string;
  /** The demo's own state folder; its stack file is discarded first (its emulator is gone). */
  readonly stateDir: string;
  /** Emulator replication delays, seconds (0 = none). */
  readonly replicationSeconds: number;
  readonly print: (line: string) => void;
  /** Pause between the consumer's token requests, ms (default 100). */
  readonly consumerIntervalMs?: number;
}

export interface DemoResult {
  readonly ok: boolean;
  readonly consumer: ConsumerStats;
  /** Graph calls other than GET during the run with nothing changed. */
  readonly writesOnNoChangeRun: number;
  /** Objects (applications, service principals, role assignments) the flow created and left. */
  readonly objectsLeft: number;
  readonly durationMs: number;
}

type Objects = ReturnType<Emulator["control"]["objects"]>;
function objectIds(objects: Objects): Set<string> {
  return new Set([...objects.applications, ...objects.servicePrincipals, ...objects.appRoleAssignments].map((o) => String((o as { id?: unknown }).id)));
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { print } = options;
  let n = 0;
  const step = async <T>(title: string, work: () => Promise<T>, describe: (value: T) => string): Promise<T> => {
    n += 1;
    print(stepHeader(n, title));
    const t = performance.now();
    try {
      const value = await work();
      print(stepResult(true, performance.now() - t, describe(value)));
      return value;
    } catch (error) {
      print(stepResult(false, performance.now() - t, (error as Error).message.replaceAll("\n", "\n      ")));
      throw error;
    }
  };
  const seen = new Set<string>();
  // verify's progress only while it waits (replication, throttling): its normal requests are in the summary.
  const onProgress = (event: ProgressEvent) => {
    if (event.waitMs !== undefined && event.waitMs > 0) print(`      verify: ${event.message} (next try in ${seconds(event.waitMs)})`);
  };
  const onEvent = (event: RunnerEvent) => {
    // Each notice once per demo; program output as it comes. Neither ever carries a secret.
    if (event.kind === "notice" && !seen.has(event.message)) {
      seen.add(event.message);
      print(`      note: ${event.message.replaceAll("\n", "\n      ")}`);
    }
    if (event.kind === "log") print(`      program: ${event.line}`);
  };

  const emulator = await step("start the emulator (HTTPS, own CA)", () => startEmulator({ https: true }), (e) => e.authorityHost);
  const dispatcher = new Agent({ connect: { ca: emulator.caPem ?? "" } });
  const { control } = emulator;
  const deployer = control.createDeployer({ displayName: "local deployer" });
  if (options.replicationSeconds > 0) {
    const ms = options.replicationSeconds * 1000;
    control.setReplicationDelays(deployer.tenantId, { applicationMs: ms, secretMs: ms, roleAssignmentMs: ms });
    // Delays count from each object's creation: let the deployer itself be "long replicated".
    control.advanceClock(ms + 1000);
  }
  const baseline = objectIds(control.objects(deployer.tenantId));
  const target: RunnerTarget = { authorityHost: emulator.authorityHost, graphEndpoint: emulator.graphEndpoint, deployer, dispatcher, now: () => control.now() };
  const runner: RunnerOptions = {
    projectDir: options.projectDir,
    stack: options.stack,
    stateDir: options.stateDir,
    target,
    onEvent,
    verifyOptions: { onProgress },
    prepareNextRun: true,
  };
  const readOutputs = () => readStackOutputs(options.stateDir, options.stack, emulator);
  const consumer = new Consumer({ readOutputs, http: { dispatcher, timeoutMs: 10_000 }, intervalMs: options.consumerIntervalMs ?? 100 });
  const verifyStep = () =>
    step(
      "verify (as `npm run verify` would)",
      async () => verifyWorkload((await readOutputs()) as unknown as StackOutputs, { dispatcher, now: () => control.now(), onProgress }),
      (report) => {
        if (!report.ok) throw new Error(summarizeVerify(report));
        return summarizeVerify(report);
      },
    );
  const provision = (title: string) =>
    step(title, () => up(runner), (r) => {
      const checks = r.verify.map((v) => `verify on deploy ${summarizeVerify(v.report)}`);
      // verifyOnDeploy=warn lets the update finish; the demo still counts it as a failed step.
      if (r.verify.some((v) => !v.report.ok)) throw new Error(checks.join("; "));
      return [summarizeSteps(r.steps), ...checks.map((c) => `\n      ${c}`), `\n      outputs: ${summarizeOutputs(r.outputs)}`].join("");
    });

  let writesOnNoChangeRun = -1;
  let objectsLeft = -1;
  let stats: ConsumerStats = consumer.stats();
  try {
    await rm(join(options.stateDir, `${options.stack}.json`), { force: true });
    await provision(`provision stack ${options.stack}`);
    consumer.start();
    print(`      consumer: requests a token every ${options.consumerIntervalMs ?? 100} ms with the secret it last read from the outputs`);
    await verifyStep();
    const config = await readStackConfig(options.projectDir, options.stack);
    const rotationDays = Number(config.values[`${config.project}:rotationDays`] ?? 90) || 90;
    await step(`move the emulator clock ${rotationDays + 1} days on`, async () => {
      const before = control.now();
      control.advanceClock((rotationDays + 1) * DAY_MS);
      return { before, after: control.now() };
    }, ({ before, after }) => `${new Date(before).toISOString().slice(0, 10)} → ${new Date(after).toISOString().slice(0, 10)} (rotationDays ${rotationDays})`);
    await provision("provision again: a rotation period has passed");
    await verifyStep();
    const from = control.requests().length;
    await provision("provision again, nothing changed");
    writesOnNoChangeRun = control.requests().slice(from).filter((r) => r.route === "graph" && r.method !== "GET").length;
    print(`      Graph write calls: ${writesOnNoChangeRun}`);
    stats = await consumer.stop();
    print(`      consumer: ${stats.requests} token requests, ${stats.failures} failed, ${stats.secretsUsed} different secrets used${stats.failures > 0 ? ` (${JSON.stringify(stats.failureCodes)})` : ""}`);
    await step("destroy", () => destroy(runner), (r) => summarizeSteps(r.steps));
    const left = [...objectIds(control.objects(deployer.tenantId))].filter((id) => !baseline.has(id));
    objectsLeft = left.length;
    print(`      objects the stack created still on the emulator: ${objectsLeft}`);
  } finally {
    stats = await consumer.stop();
    await step("tear down", async () => {
      await dispatcher.close();
      await emulator.close();
    }, () => "emulator stopped");
  }
  const ok = stats.failures === 0 && writesOnNoChangeRun === 0 && objectsLeft === 0;
  print(`${ok ? "✓" : "✗"} ${ok ? "done" : "failed"} in ${seconds(performance.now() - started)}: consumer failures ${stats.failures}, write calls on the unchanged run ${writesOnNoChangeRun}, objects left ${objectsLeft}`);
  return { ok, consumer: stats, writesOnNoChangeRun, objectsLeft, durationMs: performance.now() - started };
}
