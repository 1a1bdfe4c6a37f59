// One emulator (HTTPS) per test file, a deployer, a private state folder, and the local runner's
// options pointing at them; plus what the assertions need: Graph write counts, objects created.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent } from "undici";
import { startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import type { RunnerEvent, RunnerOptions } from "../../local/index.ts";

export const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const DAY_MS = 86_400_000;

export interface E2eWorld {
  readonly emulator: Emulator;
  readonly deployer: WorkloadCredentials;
  readonly dispatcher: Agent;
  readonly stateDir: string;
  /** Everything the runner emitted (steps, notices, program output), for "never prints a secret". */
  readonly events: RunnerEvent[];
  /** Ids of the objects that existed before the test provisioned anything. */
  readonly baseline: Set<string>;
  options(config?: Record<string, unknown>, stack?: string): RunnerOptions;
  /** Objects (apps, service principals, role assignments) created since the baseline and still there. */
  objectsCreated(): string[];
  /** Index into the request log, to count what a later step sent. */
  mark(): number;
  graphWritesSince(mark: number): { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startWorld(): Promise<E2eWorld> {
  const emulator = await startEmulator({ https: true });
  const deployer = emulator.control.createDeployer({ displayName: "e2e deployer" });
  const dispatcher = new Agent({ connect: { ca: emulator.caPem ?? "" } });
  const stateDir = await mkdtemp(join(tmpdir(), "e2e-local-state-"));
  const events: RunnerEvent[] = [];
  const ids = () => {
    const o = emulator.control.objects(deployer.tenantId);
    return [...o.applications, ...o.servicePrincipals, ...o.appRoleAssignments].map((x) => String((x as { id?: unknown }).id));
  };
  const baseline = new Set(ids());
  return {
    emulator,
    deployer,
    dispatcher,
    stateDir,
    events,
    baseline,
    options: (config = {}, stack = "dev") => ({
      projectDir: PROJECT_DIR,
      stack,
      stateDir,
      config,
      target: { authorityHost: emulator.authorityHost, graphEndpoint: emulator.graphEndpoint, deployer, dispatcher, now: () => emulator.control.now() },
      onEvent: (event) => events.push(event),
      // verify paces its requests (250 ms apart) to be polite to Entra; the emulator needs no pacing.
      verifyOptions: { minRequestIntervalMs: 10 },
      prepareNextRun: true,
    }),
    objectsCreated: () => ids().filter((id) => !baseline.has(id)),
    mark: () => emulator.control.requests().length,
    graphWritesSince: (mark) =>
      emulator.control
        .requests()
        .slice(mark)
        .filter((r) => r.route === "graph" && r.method !== "GET")
        .map((r) => ({ method: r.method, path: r.path })),
    close: async () => {
      await dispatcher.close();
      await emulator.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Custom resources created by a run, as "ShortType name". */
export function created(steps: readonly { op: string; type: string; name: string; component: boolean }[], op = "create"): string[] {
  return steps.filter((s) => !s.component && s.op === op).map((s) => `${s.type.split(/[:/]/).pop() ?? s.type} ${s.name}`);
}
