// Per-stack state of the local runner: what exists on the emulator and the stack's last outputs,
// in `<stateDir>/<stack>.json`. Like a Pulumi state file without a secrets provider it holds the
// client secret in clear text, so it is written with mode 0600 and .local-state/ is git-ignored.
// Written atomically (temporary file + rename) after every step, so an interrupted run still knows
// what it created and `destroy` can remove it.

import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LocalRunError } from "./errors.ts";

/** One resource as the runner last left it (Pulumi: a state resource). */
export interface ResourceEntry {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  /** Provider id ("" for components). */
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  /** Replaced by a newer copy; deleted at the end of the run (or of the next one, after a failure). */
  readonly pendingDelete?: boolean;
}

/** Which emulator (and tenant) the objects live on: state for another instance is stale. */
export interface StateTarget {
  readonly authorityHost: string;
  readonly tenantId: string;
}

export interface StackState {
  readonly version: 1;
  readonly project: string;
  readonly stack: string;
  readonly target: StateTarget;
  readonly resources: readonly ResourceEntry[];
  /** The program's exports at the last successful run, as the program produced them; null before. */
  readonly outputs: Record<string, unknown> | null;
  readonly secretOutputNames: readonly string[];
  readonly updatedAt: string;
}

const NOTICE =
  "Local stand-in for Pulumi state (local/ runner over the emulator). Holds the client secret in clear text, like a Pulumi state file without a secrets provider: keep it private (mode 0600), never commit it.";

export function stateFile(stateDir: string, stack: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new LocalRunError("INVALID_STACK", `stack name ${JSON.stringify(stack)} is not a plain name`, "use letters, digits, '-', '_' or '.'.");
  }
  return join(stateDir, `${stack}.json`);
}

export function emptyState(project: string, stack: string, target: StateTarget): StackState {
  return { version: 1, project, stack, target, resources: [], outputs: null, secretOutputNames: [], updatedAt: new Date(0).toISOString() };
}

/** The stack's state, or undefined when the stack has never run (or was destroyed). */
export async function loadState(stateDir: string, stack: string): Promise<StackState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile(stateDir, stack), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as { state?: StackState };
  if (parsed.state?.version !== 1) {
    throw new LocalRunError("STATE_UNREADABLE", `${stateFile(stateDir, stack)} is not a version 1 local state file`, "delete it (the emulator's objects live only as long as the emulator).");
  }
  return parsed.state;
}

export async function saveState(stateDir: string, state: StackState): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = stateFile(stateDir, state.stack);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ notice: NOTICE, state }, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; make sure of it either way.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export async function removeState(stateDir: string, stack: string): Promise<void> {
  await rm(stateFile(stateDir, stack), { force: true });
}
