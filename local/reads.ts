// Reads of existing resources. Only `pulumi:pulumi:StackReference` is answered: from the local state
// of the referenced stack (its last committed outputs), as the Pulumi engine answers it from the
// stack's last checkpoint. A stack that has never been deployed has no outputs.

import { LocalRunError } from "./errors.ts";
import type { ReadRequest, ResourceReply } from "./protocol.ts";
import { loadState, type StackState } from "./state.ts";

export interface ReadContext {
  readonly project: string;
  readonly stack: string;
  readonly stateDir: string;
  /** The running stack's state as the run found it (its outputs are not committed yet). */
  readonly current: StackState;
}

/** "dev", "project/dev" or "org/project/dev" → the stack name, if it is one of this project's. */
export function referencedStack(name: string, project: string): string | undefined {
  const parts = name.split("/");
  if (parts.length > 3 || parts.some((p) => p === "")) return undefined;
  if (parts.length >= 2 && parts[parts.length - 2] !== project) return undefined;
  return parts[parts.length - 1];
}

export async function answerRead(request: ReadRequest, ctx: ReadContext): Promise<ResourceReply> {
  if (request.type !== "pulumi:pulumi:StackReference") {
    throw new LocalRunError("NOT_EMULATED", `${request.type} "${request.name}": reading existing resources is not supported by the local runner`, "create the resource in the program instead of reading it");
  }
  const name = typeof request.inputs["name"] === "string" ? request.inputs["name"] : request.id;
  const stack = referencedStack(name, ctx.project);
  if (stack === undefined) {
    throw new LocalRunError("UNKNOWN_STACK_REFERENCE", `StackReference "${name}" is not a stack of project ${ctx.project}`, "locally, only this project's stacks (in the runner's state folder) can be referenced");
  }
  const state = stack === ctx.stack ? ctx.current : await loadState(ctx.stateDir, stack);
  if (state === undefined) {
    throw new LocalRunError("UNKNOWN_STACK_REFERENCE", `StackReference "${name}": stack ${stack} has no local state`, `run the local runner for stack ${stack} first`);
  }
  return { id: name, state: { name, outputs: state.outputs ?? {}, secretOutputNames: [...state.secretOutputNames] } };
}
