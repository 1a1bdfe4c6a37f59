// `destroy` for the local stand-in: deletes everything the stack's local state holds, in reverse
// dependency order, then removes the state file (no secret is left on disk). Like `pulumi destroy`
// it does not run the program.

import { Checkpoint } from "./checkpoint.ts";
import { readStackConfig } from "./config.ts";
import { countSteps, openState, type RunnerEvent, type RunnerOptions } from "./engine.ts";
import { openSession } from "./session.ts";
import { StepRunner, type StepRecord } from "./steps.ts";

export interface DestroyResult {
  readonly stack: string;
  readonly steps: readonly StepRecord[];
  readonly counts: Readonly<Record<StepRecord["op"], number>>;
  readonly notices: readonly string[];
  readonly durationMs: number;
}

export async function destroy(options: Pick<RunnerOptions, "projectDir" | "stack" | "stateDir" | "target" | "onEvent">): Promise<DestroyResult> {
  const started = performance.now();
  const emit = options.onEvent ?? ((_: RunnerEvent) => undefined);
  const { project } = await readStackConfig(options.projectDir, options.stack);
  const state = await openState(options, project);
  const checkpoint = new Checkpoint(options.stateDir, state);
  const steps: StepRecord[] = [];
  const notices: string[] = [];
  const session = openSession(options.target);
  const runner = new StepRunner(
    checkpoint,
    {
      graph: session.graph,
      notice: (message) => {
        notices.push(message);
        emit({ kind: "notice", message });
      },
    },
    (step) => {
      steps.push(step);
      emit({ kind: "step", step });
    },
  );
  try {
    await runner.deleteAll(state.resources);
  } finally {
    await checkpoint.flush();
  }
  await checkpoint.removeFile();
  return { stack: options.stack, steps, counts: countSteps(steps), notices, durationMs: performance.now() - started };
}
