// One emulator per test file (HTTPS, with the identity the global setup made), a deploying principal,
// and stacks of this project on the real Pulumi CLI with a file backend of the file's own.

import { readFile, readdir, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { inject } from "vitest";
import { startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { emulatorTrustFiles, readEmulatorTls } from "../../engine/emulator-tls.ts";
import { resolvePlugins, type EnginePlugins, type EngineRuntime } from "../../engine/plugins.ts";
import { locatePulumi } from "../../engine/pulumi-cli.ts";
import { describeRequests, unexpectedGraphErrors } from "../../engine/request-errors.ts";
import { checkpointPath, openEngineStack, setStackConfig, type StackConfig } from "../../engine/stack.ts";
import { NOW_ENV } from "../../infra/clock.ts";

export const DAY_MS = 86_400_000;
export const PROJECT = "graph-workload-identity";

export interface EngineWorld {
  readonly emulator: Emulator;
  readonly deployer: WorkloadCredentials;
  readonly runDir: string;
  /** A new stack with the deployer's provider config and these project settings (keys without namespace). */
  stack(name: string, settings: Record<string, string | readonly string[]>): Promise<Stack>;
  /**
   * The same stack (state, project folder, config) opened again on other plugins, with a PULUMI_HOME of
   * their own (a plugin cache holds one azuread 6.9.1): to run one provider on the other's state.
   */
  reopen(name: string, plugins: EnginePlugins, home: string): Promise<Stack>;
  /** A new stack with no config at all: no Pulumi.<name>.yaml exists (its project folder is returned too). */
  bareStack(name: string): Promise<{ stack: Stack; workDir: string }>;
  /** Sets the program's clock to the emulator's (call before each operation after moving the clock). */
  syncClock(): void;
  /** Ids of applications, service principals and role assignments created since the world started. */
  objectsCreated(): string[];
  mark(): number;
  graphWritesSince(mark: number): { method: string; path: string }[];
  /** The stack's checkpoint file as text, and every file under the run's PULUMI_HOME logs. */
  stateText(stack: string): Promise<string>;
  logsText(): Promise<string>;
  /** Fails, naming each request, when the emulator refused a Graph request other than a poll after a delete. */
  close(): Promise<void>;
}

type Objects = ReturnType<Emulator["control"]["objects"]>;
const ids = (o: Objects) => [...o.applications, ...o.servicePrincipals, ...o.appRoleAssignments].map((x) => String((x as { id?: unknown }).id));

/** The CLI and plugins every test file of the suite runs on (the global setup printed which). */
export async function locateEngine(): Promise<EngineRuntime> {
  const cli = await locatePulumi();
  return { cli, plugins: await resolvePlugins(cli) };
}

export async function startWorld(): Promise<EngineWorld> {
  const { cli, plugins } = await locateEngine();
  const trust = emulatorTrustFiles(inject("tlsDir"));
  const emulator = await startEmulator({ tls: await readEmulatorTls(inject("tlsDir")) });
  const deployer = emulator.control.createDeployer({ displayName: "real-engine deployer" });
  const baseline = new Set(ids(emulator.control.objects(deployer.tenantId)));
  const runDir = await mkdtemp(join(tmpdir(), "real-engine-"));
  const stateDir = join(runDir, "state");
  const world: EngineWorld = {
    emulator,
    deployer,
    runDir,
    async stack(name, settings) {
      const stack = await openEngineStack({ cli, plugins, trust, stateDir, workDir: join(runDir, `work-${name}`), stackName: name, passphrase: "test passphrase" });
      const config: Record<string, StackConfig[string]> = {
        "azuread:metadataHost": { value: emulator.metadataHost ?? "" },
        "azuread:tenantId": { value: deployer.tenantId },
        "azuread:clientId": { value: deployer.clientId },
        "azuread:clientSecret": { value: deployer.clientSecret, secret: true },
      };
      for (const [key, value] of Object.entries(settings)) config[`${PROJECT}:${key}`] = { value };
      await setStackConfig(stack, config);
      world.syncClock();
      return stack;
    },
    reopen(name, otherPlugins, home) {
      return openEngineStack({ cli, plugins: otherPlugins, trust, stateDir, pulumiHome: join(runDir, home), workDir: join(runDir, `work-${name}`), stackName: name, passphrase: "test passphrase" });
    },
    async bareStack(name) {
      const workDir = join(runDir, `work-${name}`);
      const stack = await openEngineStack({ cli, plugins, trust, stateDir, workDir, stackName: name, passphrase: "test passphrase" });
      world.syncClock();
      return { stack, workDir };
    },
    syncClock: () => void (process.env[NOW_ENV] = new Date(emulator.control.now()).toISOString()),
    objectsCreated: () => ids(emulator.control.objects(deployer.tenantId)).filter((id) => !baseline.has(id)),
    mark: () => emulator.control.requests().length,
    graphWritesSince: (mark) => emulator.control.requests().slice(mark).filter((r) => r.route === "graph" && r.method !== "GET").map((r) => ({ method: r.method, path: r.path })),
    stateText: (stack) => readFile(checkpointPath(stateDir, stack), "utf8"),
    async logsText() {
      const dir = join(stateDir, ".pulumi-home", "logs");
      const files = await readdir(dir).catch(() => [] as string[]);
      return (await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")))).join("\n");
    },
    async close() {
      delete process.env[NOW_ENV];
      const refused = unexpectedGraphErrors(emulator.control.requests());
      await emulator.close();
      await rm(runDir, { recursive: true, force: true });
      if (refused.length > 0) throw new Error(`the emulator refused ${refused.length} Graph request(s) of this file's runs:\n${describeRequests(refused)}`);
    },
  };
  return world;
}

/** Stack outputs with secrets in clear (what `pulumi stack output --json --show-secrets` prints). */
export async function plainOutputs(stack: Stack): Promise<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value]));
}
