// The whole flow on the real Pulumi engine against the emulator, as a function (demo.ts prints it; the
// engine tests run it): start the emulator over HTTPS, create a deploying principal, log in to a file
// backend, init the stack, set its config, `pulumi up`, verify, move the clock past a rotation period,
// `pulumi up` again (a new secret), verify, `pulumi preview --expect-no-changes`, `pulumi destroy` —
// while a consumer keeps requesting tokens with the secret it last read from the stack outputs.

import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import yaml from "js-yaml";
import { startEmulator, type Emulator, type ServerCredentials } from "../emulator/index.ts";
import { NOW_ENV } from "../infra/clock.ts";
import { verifyWorkload, type ProgressEvent, type StackOutputs } from "../verify/index.ts";
import { Consumer, type ConsumerStats } from "./consumer.ts";
import { seconds, stepHeader, stepResult, summarizeChanges, summarizeOutputs, summarizeVerify } from "./demo-report.ts";
import type { EmulatorTrustFiles } from "./emulator-tls.ts";
import type { EngineRuntime } from "./plugins.ts";
import { REPO_ROOT } from "./pulumi-cli.ts";
import { describeRequests, unexpectedGraphErrors, type LoggedRequest } from "./request-errors.ts";
import { openEngineStack, PROJECT, setStackConfig, type StackConfig } from "./stack.ts";
import { Agent } from "undici";

const DAY_MS = 86_400_000;

export interface DemoOptions {
  readonly engine: EngineRuntime;
  /** Example stack whose Pulumi.<stack>.yaml supplies the project config (default dev). */
  readonly stack: string;
  /** The run's folder: `state/` is the file backend, `work/` the project folder. Cleared first. */
  readonly runDir: string;
  /** The emulator's HTTPS identity; this process trusts its CA (NODE_EXTRA_CA_CERTS). */
  readonly tls: ServerCredentials;
  /** The same CA for the CLI and its plugins (SSL_CERT_FILE) and the program (NODE_EXTRA_CA_CERTS). */
  readonly trust: EmulatorTrustFiles;
  /** Emulator replication delays, seconds (0 = none). */
  readonly replicationSeconds: number;
  readonly print: (line: string) => void;
  /** Pulumi's own output, as it comes. */
  readonly pulumiOutput: (chunk: string) => void;
  /** Pause between the consumer's token requests, ms (default 100). */
  readonly consumerIntervalMs?: number;
}

export interface DemoResult {
  readonly ok: boolean;
  readonly consumer: ConsumerStats;
  /** Graph calls other than GET during `pulumi preview --expect-no-changes`. */
  readonly writesOnPreview: number;
  /** Objects (applications, service principals, role assignments) the flow created and left. */
  readonly objectsLeft: number;
  /** Graph requests the emulator refused, other than the provider's polls after its deletes. */
  readonly refusedRequests: readonly LoggedRequest[];
  readonly stateFile: string;
  readonly durationMs: number;
}

type Objects = ReturnType<Emulator["control"]["objects"]>;
function objectIds(objects: Objects): Set<string> {
  return new Set([...objects.applications, ...objects.servicePrincipals, ...objects.appRoleAssignments].map((o) => String((o as { id?: unknown }).id)));
}

/** The project keys of an example stack file, as `pulumi config set` takes them (provider keys are the demo's own). */
export async function exampleConfig(stack: string): Promise<StackConfig> {
  const file = join(REPO_ROOT, `Pulumi.${stack}.yaml`);
  const doc = yaml.load(await readFile(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
  const config: Record<string, { value: string | string[] }> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    if (!key.startsWith(`${PROJECT}:`)) continue;
    config[key] = { value: Array.isArray(value) ? value.map(String) : typeof value === "object" ? JSON.stringify(value) : String(value) };
  }
  return config;
}

/** Reads the outputs at most once a second, one read at a time (each is a `pulumi stack output` run). */
function cachedOutputs(stack: Stack): () => Promise<Record<string, unknown> | undefined> {
  let last: { at: number; value: Promise<Record<string, unknown> | undefined> } | undefined;
  return () => {
    if (last === undefined || performance.now() - last.at > 1000) {
      const value = stack.outputs().then(
        (outputs) => (Object.keys(outputs).length === 0 ? undefined : Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]))),
        () => undefined,
      );
      last = { at: performance.now(), value };
    }
    return last.value;
  };
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
  const onProgress = (event: ProgressEvent) => {
    if (event.waitMs !== undefined && event.waitMs > 0) print(`      verify: ${event.message} (next try in ${seconds(event.waitMs)})`);
  };

  const emulator = await step("start the emulator (HTTPS)", () => startEmulator({ tls: options.tls }), (e) => `${e.authorityHost}, metadataHost ${e.metadataHost ?? "?"}`);
  const { control } = emulator;
  const deployer = await step("create a deploying principal", async () => control.createDeployer({ displayName: "demo deployer" }), (d) =>
    `client ${d.clientId} with Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All (the roles a CI deployer holds)`);
  if (options.replicationSeconds > 0) {
    const ms = options.replicationSeconds * 1000;
    control.setReplicationDelays(deployer.tenantId, { applicationMs: ms, secretMs: ms, roleAssignmentMs: ms });
    // Delays count from each object's creation: let the deployer itself be "long replicated".
    control.advanceClock(ms + 1000);
  }
  const baseline = objectIds(control.objects(deployer.tenantId));
  // The program's clock follows the emulator's (rotation is decided by time).
  const syncClock = () => void (process.env[NOW_ENV] = new Date(control.now()).toISOString());
  const stateDir = join(options.runDir, "state");
  await rm(options.runDir, { recursive: true, force: true });

  const stack = await step(`pulumi login file://${stateDir}; pulumi stack init ${options.stack}; pulumi config set …`, async () => {
    const opened = await openEngineStack({ cli: options.engine.cli, plugins: options.engine.plugins, trust: options.trust, stateDir, workDir: join(options.runDir, "work"), stackName: options.stack, passphrase: "demo passphrase (local only)" });
    await setStackConfig(opened, {
      ...(await exampleConfig(options.stack)),
      "azuread:metadataHost": { value: emulator.metadataHost ?? "" },
      "azuread:tenantId": { value: deployer.tenantId },
      "azuread:clientId": { value: deployer.clientId },
      "azuread:clientSecret": { value: deployer.clientSecret, secret: true },
    });
    return opened;
  }, () => `pulumi ${options.engine.cli.version} (${options.engine.cli.source === "built" ? "built from source, .pulumi-bin/" : "from PATH"}), azuread provider ${options.engine.plugins.provider.kind}, language host ${options.engine.plugins.languageHost.kind}; azuread:clientSecret set with --secret`);

  const http = { dispatcher: new Agent({ connectTimeout: 10_000 }), timeoutMs: 10_000 };
  const readOutputs = cachedOutputs(stack);
  const consumer = new Consumer({ readOutputs, http, intervalMs: options.consumerIntervalMs ?? 100 });
  const pulumiUp = (title: string) =>
    step(title, async () => {
      syncClock();
      const result = await stack.up({ onOutput: options.pulumiOutput, color: "never" });
      return result;
    }, (r) => `${summarizeChanges(r.summary.resourceChanges)}\n      outputs: ${summarizeOutputs(Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.value])))}`);
  const verifyStep = () =>
    step("verify (as `npx graph-verify --stack` would)", async () => {
      const outputs = Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value]));
      const report = await verifyWorkload(outputs as unknown as StackOutputs, { now: () => control.now(), onProgress });
      if (!report.ok) throw new Error(summarizeVerify(report));
      return report;
    }, summarizeVerify);

  let writesOnPreview = -1;
  let objectsLeft = -1;
  let refusedRequests: LoggedRequest[] = [];
  let stats: ConsumerStats = consumer.stats();
  try {
    await pulumiUp(`pulumi up --yes (stack ${options.stack})`);
    consumer.start();
    print(`      consumer: requests a token every ${options.consumerIntervalMs ?? 100} ms with the secret it last read from the stack outputs`);
    await verifyStep();
    const rotationDays = Number((await stack.getConfig(`${PROJECT}:rotationDays`).catch(() => ({ value: "90" }))).value) || 90;
    await step(`move the emulator clock ${rotationDays + 1} days on`, async () => {
      const before = control.now();
      control.advanceClock((rotationDays + 1) * DAY_MS);
      return { before, after: control.now() };
    }, ({ before, after }) => `${new Date(before).toISOString().slice(0, 10)} → ${new Date(after).toISOString().slice(0, 10)} (rotationDays ${rotationDays})`);
    await pulumiUp("pulumi up --yes: a rotation period has passed");
    await verifyStep();
    const from = control.requests().length;
    await step("pulumi preview --expect-no-changes", async () => {
      syncClock();
      return stack.preview({ expectNoChanges: true, onOutput: options.pulumiOutput, color: "never" });
    }, (p) => summarizeChanges(p.changeSummary));
    writesOnPreview = control.requests().slice(from).filter((r) => r.route === "graph" && r.method !== "GET").length;
    print(`      Graph write calls during the preview: ${writesOnPreview}`);
    stats = await consumer.stop();
    print(`      consumer: ${stats.requests} token requests, ${stats.failures} failed, ${stats.secretsUsed} different secrets used${stats.failures > 0 ? ` (${JSON.stringify(stats.failureCodes)})` : ""}`);
    await step("pulumi destroy --yes", async () => {
      syncClock();
      return stack.destroy({ onOutput: options.pulumiOutput, color: "never" });
    }, (d) => summarizeChanges(d.summary.resourceChanges));
    const left = [...objectIds(control.objects(deployer.tenantId))].filter((id) => !baseline.has(id));
    objectsLeft = left.length;
    print(`      objects the stack created still on the emulator: ${objectsLeft}`);
    refusedRequests = unexpectedGraphErrors(control.requests());
    print(`      Graph requests the emulator refused (other than polls after a delete): ${refusedRequests.length}${refusedRequests.length > 0 ? `\n      ${describeRequests(refusedRequests).replaceAll("\n", "\n      ")}` : ""}`);
  } finally {
    stats = await consumer.stop();
    delete process.env[NOW_ENV];
    await step("tear down", async () => {
      await http.dispatcher.close();
      await emulator.close();
    }, () => "emulator stopped");
  }
  const ok = stats.failures === 0 && writesOnPreview === 0 && objectsLeft === 0 && refusedRequests.length === 0;
  print(`${ok ? "✓" : "✗"} ${ok ? "done" : "failed"} in ${seconds(performance.now() - started)}: consumer failures ${stats.failures}, write calls during the preview ${writesOnPreview}, objects left ${objectsLeft}, refused Graph requests ${refusedRequests.length}`);
  return { ok, consumer: stats, writesOnPreview, objectsLeft, refusedRequests, stateFile: join(stateDir, ".pulumi", "stacks", PROJECT, `${options.stack}.json`), durationMs: performance.now() - started };
}
