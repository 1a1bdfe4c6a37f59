// Wall time of each `pulumi` process a stack's Automation API calls run. `stack.up()` runs
// `pulumi up` and then `pulumi stack output` and `pulumi stack history` to build its result; a user's
// `pulumi up` is the first process only, so that is what the engine section times. The Automation
// API's PulumiCommand.run is internal (absent from its .d.ts): it is wrapped on the workspace's own
// instance, which every command of that stack goes through (Stack.runPulumiCmd).
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation/index.js";

interface Runner {
  run(args: string[], ...rest: unknown[]): Promise<unknown>;
}

export interface CliRun {
  /** The subcommand, e.g. "up", "preview", "destroy", "stack". */
  readonly command: string;
  readonly ms: number;
  /** Epoch ms (Date.now) at spawn and at exit: the emulator's log is on the same clock when it was not advanced. */
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface CliTimer {
  /** Runs recorded since the last call, oldest first. */
  take(): CliRun[];
}

const wrapped = new WeakMap<object, CliRun[]>();

export function timeCliRuns(stack: Stack): CliTimer {
  const workspace = stack.workspace;
  if (!(workspace instanceof LocalWorkspace)) throw new Error("CLI timing needs a LocalWorkspace");
  const command = workspace.pulumiCommand as unknown as Runner;
  let runs = wrapped.get(command);
  if (runs === undefined) {
    const list: CliRun[] = [];
    runs = list;
    wrapped.set(command, list);
    const run = command.run.bind(command);
    command.run = async (args, ...rest) => {
      const started = performance.now();
      const startedAt = Date.now();
      try {
        return await run(args, ...rest);
      } finally {
        list.push({ command: args[0] ?? "", ms: performance.now() - started, startedAt, endedAt: Date.now() });
      }
    };
  }
  const list = runs;
  return { take: () => list.splice(0, list.length) };
}

/** The one run of `command` among `runs` (an operation runs its subcommand exactly once). */
export function onlyRun(runs: readonly CliRun[], command: string): CliRun {
  const matching = runs.filter((r) => r.command === command);
  if (matching.length !== 1) throw new Error(`expected one \`pulumi ${command}\` run, got ${matching.length} (${runs.map((r) => r.command).join(", ")})`);
  return matching[0]!;
}
