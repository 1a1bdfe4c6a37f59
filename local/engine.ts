// A LOCAL STAND-IN FOR `pulumi up` OVER THE EMULATOR, NOT A DEPLOYMENT ENGINE.
//
// It runs the real infra/ program, unchanged, under Pulumi's mock runtime in a child process
// (program-host.ts) and carries out each registered resource as the matching Microsoft Graph call
// on the emulator, with a deployer principal's token. Decisions follow Pulumi's defaults (plan.ts):
// unchanged → nothing; changed → update in place, or replace (new copy first, old one deleted at the
// end of the run) when the provider cannot update; no longer declared → deleted, in reverse
// dependency order. State lives in a local JSON file per stack (state.ts). Only the resource types
// in providers/ are supported; Key Vault (azure-native) is not emulated and is refused.
//
// Resource hooks never run under mocks. The program's only hook is its `verifyOnDeploy` check, so the
// runner runs verify (the library) in place of every hook the program binds, at the hook's phase
// (e.g. before creating or updating the resource that carries it); in `fail` mode a failed verify
// fails that step and the run, as the hook would. Delete hooks are not run.

import { readStackConfig } from "./config.ts";
import { Checkpoint } from "./checkpoint.ts";
import { LocalRunError } from "./errors.ts";
import { runProgramHost, type HostResult } from "./host-process.ts";
import { answerInvoke } from "./invokes.ts";
import { substituteEndpoints } from "./outputs.ts";
import { answerRead } from "./reads.ts";
import { openSession, type RunnerTarget } from "./session.ts";
import { emptyState, loadState, type StackState } from "./state.ts";
import { StepRunner, type StepRecord } from "./steps.ts";
import { runVerify, verifyMode, type VerifyOutcome } from "./verify-step.ts";
import type { VerifyOptions } from "../verify/index.ts";

export type { RunnerTarget } from "./session.ts";

export type RunnerEvent =
  | { readonly kind: "step"; readonly step: StepRecord }
  | { readonly kind: "log"; readonly line: string }
  | { readonly kind: "notice"; readonly message: string }
  | { readonly kind: "verify"; readonly outcome: VerifyOutcome };

export interface RunnerOptions {
  /** Folder with Pulumi.yaml and Pulumi.<stack>.yaml. */
  readonly projectDir: string;
  readonly stack: string;
  /** Where `<stack>.json` lives (e.g. .local-state). */
  readonly stateDir: string;
  readonly target: RunnerTarget;
  /** Config values that win over Pulumi.<stack>.yaml (keys with or without the project namespace). */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly onEvent?: (event: RunnerEvent) => void;
  /** Safety net against a run that never ends, ms (default 600 000: above verify's own 300 s deadline). */
  readonly programTimeoutMs?: number;
  /**
   * Start the program host of the next run while this one runs, saving the SDK's load time (about a
   * second) when runs follow each other, as in the demo and the end-to-end tests.
   */
  readonly prepareNextRun?: boolean;
  /** Passed to verify (e.g. onProgress, backoff); dispatcher and clock come from the target. */
  readonly verifyOptions?: VerifyOptions;
}

export interface UpResult {
  readonly stack: string;
  /** Stack outputs, with the emulator's endpoints in place of Microsoft's (see `substituted`). */
  readonly outputs: Record<string, unknown>;
  readonly secretOutputNames: readonly string[];
  readonly substituted: readonly string[];
  readonly steps: readonly StepRecord[];
  /** Count per operation, custom resources only. */
  readonly counts: Readonly<Record<StepRecord["op"], number>>;
  /** Every deploy-time verify of the run (none when nothing it checks changed, or verifyOnDeploy=off). */
  readonly verify: readonly VerifyOutcome[];
  readonly hooks: readonly string[];
  readonly notices: readonly string[];
  readonly durationMs: number;
}

/** The stack's state, refusing state written against another emulator instance or tenant. */
export async function openState(options: RunnerOptions, project: string): Promise<StackState> {
  const target = { authorityHost: options.target.authorityHost, tenantId: options.target.deployer.tenantId };
  const state = await loadState(options.stateDir, options.stack);
  if (state === undefined) return emptyState(project, options.stack, target);
  if (state.target.authorityHost !== target.authorityHost || state.target.tenantId !== target.tenantId) {
    throw new LocalRunError(
      "STATE_TARGET_MISMATCH",
      `the local state of stack "${options.stack}" belongs to ${state.target.authorityHost} tenant ${state.target.tenantId}, not to this emulator`,
      `its objects died with that emulator: delete ${options.stateDir}/${options.stack}.json`,
    );
  }
  return state;
}

export function countSteps(steps: readonly StepRecord[]): Record<StepRecord["op"], number> {
  const counts = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const s of steps) if (!s.component) counts[s.op] += 1;
  return counts;
}

export async function up(options: RunnerOptions): Promise<UpResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const notices: string[] = [];
  const notice = (message: string) => {
    if (notices.includes(message)) return;
    notices.push(message);
    emit({ kind: "notice", message });
  };
  const steps: StepRecord[] = [];
  const hooks: string[] = [];
  const verifications: VerifyOutcome[] = [];

  const config = await readStackConfig(options.projectDir, options.stack, options.config);
  const mode = verifyMode(config.values[`${config.project}:verifyOnDeploy`]);
  const base = await openState(options, config.project);
  const checkpoint = new Checkpoint(options.stateDir, base);
  const session = openSession(options.target);
  const exports = deferred<HostResult>();

  // The deploy-time check, run where the program's hook would run (or, for a program without a hook,
  // after its steps). Needs the stack outputs, which the host reports before the run is over.
  const verifyNow = async (): Promise<void> => {
    const { outputs } = substituteEndpoints((await exports.promise).outputs, options.target);
    const outcome = await runVerify(outputs, options.target, mode, options.verifyOptions);
    verifications.push(outcome);
    emit({ kind: "verify", outcome });
    if (outcome.report.ok) return;
    if (mode === "fail") throw new LocalRunError("VERIFY_FAILED", `verify failed during the update:\n${outcome.summary}`, "the update stops here; replaced objects are kept until a run passes");
    notice(`verify failed (verifyOnDeploy=warn, the update goes on):\n${outcome.summary}`);
  };
  const runner = new StepRunner(
    checkpoint,
    { graph: session.graph, notice },
    (step) => {
      steps.push(step);
      emit({ kind: "step", step });
    },
    // The phase is left out of the notice so that it reads the same on every run.
    async (_phase, names, resource) => {
      notice(`resource hook ${names.join(", ")} on ${resource.name}: hooks never run under Pulumi's mocks, so the runner runs verify in its place (verifyOnDeploy=${mode})`);
      await verifyNow();
    },
  );

  let program: HostResult | undefined;
  let hostError: unknown;
  try {
    program = await runProgramHost(
      {
        project: config.project,
        stack: options.stack,
        program: config.program,
        config: config.values,
        secretKeys: [],
        // The program's clock is the emulator's, so rotation periods follow advanceClock().
        env: { GRAPH_WORKLOAD_IDENTITY_NOW: new Date(options.target.now()).toISOString() },
        timeoutMs: options.programTimeoutMs ?? 600_000,
        prepareNext: options.prepareNextRun === true,
      },
      {
        register: (request) => runner.register(request),
        read: (request) => answerRead(request, { project: config.project, stack: options.stack, stateDir: options.stateDir, current: base }),
        invoke: (request) => answerInvoke(request, { graph: session.graph, deployer: session.deployer }),
        hook: (name) => hooks.push(name),
        outputs: (result) => exports.resolve(result),
        ended: () => exports.reject(new LocalRunError("PROGRAM_FAILED", "the program ended before its outputs were known, so verify could not run in place of its hook", "see the program's error")),
        log: (line) => emit({ kind: "log", line }),
      },
    );
  } catch (error) {
    hostError = error;
  }
  // A failed step fails the run even when the program itself finished (the SDK only logs a failed
  // registration that no export depends on), as it fails `pulumi up`.
  if (runner.failures.length > 0) {
    await checkpoint.flush();
    const failed = runner.failures.map((f) => `${f.type} "${f.name}": ${(f.error as Error).message}`).join("\n");
    const code = runner.failures.every((f) => (f.error as { code?: unknown }).code === "VERIFY_FAILED") ? "VERIFY_FAILED" : "STEPS_FAILED";
    throw new LocalRunError(code, `${runner.failures.length} step(s) failed:\n${failed}`, "fix the cause and run again: completed steps are in the state file, replaced objects are deleted at the end of the next successful run", { cause: hostError });
  }
  if (program === undefined) {
    await checkpoint.flush();
    throw hostError;
  }

  const { outputs, substituted } = substituteEndpoints(program.outputs, options.target);
  if (substituted.length > 0) notice(`stack outputs point at the emulator, not at Microsoft (${substituted.join("; ")})`);
  try {
    // A program without a hook still gets its deploy-time check, after its steps (before deletions).
    if (hooks.length === 0 && mode !== "off" && steps.some((s) => !s.component && s.op !== "same")) await verifyNow();
    await runner.deleteAll(runner.leftovers());
    checkpoint.commit(program.outputs, program.secretOutputNames);
  } finally {
    await checkpoint.flush();
  }
  return {
    stack: options.stack,
    outputs,
    secretOutputNames: program.secretOutputNames,
    substituted,
    steps,
    counts: countSteps(steps),
    verify: verifications,
    hooks,
    notices,
    durationMs: performance.now() - started,
  };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (no hook): a rejection then is not an error of its own.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
