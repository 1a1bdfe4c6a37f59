// Carries out the plan for each registration (create / same / update / replace) and each deletion
// as Graph calls through the resource's provider, recording every completed step in the checkpoint.

import { LocalRunError } from "./errors.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { decide, deletionOrder, findPrevious } from "./plan.ts";
import type { RegisterRequest, ResourceReply } from "./protocol.ts";
import { checkInputs, providerFor, type ProviderContext } from "./providers/index.ts";
import type { ResourceEntry } from "./state.ts";

export type StepOp = "create" | "update" | "replace" | "delete" | "same";

export interface StepRecord {
  readonly op: StepOp;
  readonly type: string;
  readonly name: string;
  /** Component resources: no Graph call is ever made for them. */
  readonly component: boolean;
  readonly ms: number;
  /** Changed input names (never values), or why a delete did nothing. */
  readonly detail?: string;
}

/**
 * Carries out the resource hooks bound to a resource at one phase ("beforeCreate", "afterUpdate",
 * …). Hooks never run under mocks; the engine stands in for them (see engine.ts).
 */
export type HookRunner = (phase: string, hooks: readonly string[], resource: { readonly type: string; readonly name: string }) => Promise<void>;

export class StepRunner {
  readonly #checkpoint: Checkpoint;
  readonly #ctx: ProviderContext;
  readonly #onStep: (step: StepRecord) => void;
  readonly #hooks: HookRunner;
  /** Entries this run declared (created, kept or updated). */
  readonly #declared = new Set<ResourceEntry>();
  readonly failures: { readonly name: string; readonly type: string; readonly error: unknown }[] = [];

  constructor(checkpoint: Checkpoint, ctx: ProviderContext, onStep: (step: StepRecord) => void, hooks: HookRunner = async () => undefined) {
    this.#checkpoint = checkpoint;
    this.#ctx = ctx;
    this.#onStep = onStep;
    this.#hooks = hooks;
  }

  async register(request: RegisterRequest): Promise<ResourceReply> {
    try {
      return await this.#register(request);
    } catch (error) {
      this.failures.push({ name: request.name, type: request.type, error });
      throw error;
    }
  }

  /** What the run no longer declares, plus replaced copies: to delete once the program succeeded. */
  leftovers(): ResourceEntry[] {
    return this.#checkpoint.resources.filter((r) => r.pendingDelete === true || !this.#declared.has(r));
  }

  /** Deletes in reverse dependency order, one at a time (a dependent must be gone before its dependency). */
  async deleteAll(entries: readonly ResourceEntry[]): Promise<void> {
    for (const entry of deletionOrder(entries)) await this.#delete(entry);
  }

  async #register(request: RegisterRequest): Promise<ResourceReply> {
    let started = performance.now();
    const record = (op: StepOp, detail?: string) =>
      this.#onStep({ op, type: request.type, name: request.name, component: !request.custom, ms: performance.now() - started, ...(detail ? { detail } : {}) });
    if (request.importId !== "") {
      throw new LocalRunError("UNSUPPORTED_OPTION", `${request.type} "${request.name}" asks to import ${request.importId}`, "the local runner creates objects; it does not adopt existing ones");
    }
    const previous = findPrevious(this.#checkpoint.resources, request);
    const entryOf = (id: string, inputs: Record<string, unknown>, outputs: Record<string, unknown>): ResourceEntry => ({
      urn: request.urn,
      type: request.type,
      name: request.name,
      custom: request.custom,
      parent: request.parent,
      id,
      inputs,
      outputs,
      dependencies: request.dependencies,
      deleteBeforeReplace: request.deleteBeforeReplace,
      retainOnDelete: request.retainOnDelete,
    });
    const keep = (entry: ResourceEntry) => {
      this.#declared.add(entry);
      if (previous === undefined) this.#checkpoint.add(entry);
      else this.#checkpoint.swap(previous, entry);
    };

    if (!request.custom) {
      keep(entryOf("", request.inputs, {}));
      record(previous === undefined ? "create" : "same");
      return { id: "", state: {} };
    }
    const provider = providerFor(request.type, request.name);
    checkInputs(provider, request.name, request.inputs);
    const decision = decide(previous, request, provider.rules);
    const changed = decision.changed.join(", ");

    if (previous !== undefined && decision.kind === "same") {
      keep(entryOf(previous.id, decision.inputs, previous.outputs));
      record("same");
      return { id: previous.id, state: previous.outputs };
    }
    // Hooks of this step's phase, as the engine runs them: "before" ones first; a throwing one fails the step.
    const inPlace = previous !== undefined && decision.kind === "update" && provider.update !== undefined;
    const phase = inPlace ? "Update" : "Create";
    const runHooks = async (when: "before" | "after") => {
      const names = request.hooks[`${when}${phase}`] ?? [];
      if (names.length > 0) await this.#hooks(`${when}${phase}`, names, request);
    };
    await runHooks("before");
    started = performance.now();
    if (inPlace && previous !== undefined && provider.update !== undefined) {
      const outputs = await provider.update(previous, decision.inputs, decision.changed, this.#ctx);
      keep(entryOf(previous.id, decision.inputs, outputs));
      record("update", changed);
      await runHooks("after");
      return { id: previous.id, state: outputs };
    }
    if (previous !== undefined && request.deleteBeforeReplace) await this.#delete(previous);
    const created = await provider.create(decision.inputs, this.#ctx);
    const entry = entryOf(created.id, decision.inputs, created.outputs);
    this.#declared.add(entry);
    if (previous !== undefined && !request.deleteBeforeReplace) {
      // Pulumi's default: the new copy exists first; the old one is deleted at the end of the run.
      this.#checkpoint.swap(previous, { ...previous, pendingDelete: true });
    }
    this.#checkpoint.add(entry);
    record(previous === undefined ? "create" : "replace", changed);
    await runHooks("after");
    return { id: created.id, state: created.outputs };
  }

  async #delete(entry: ResourceEntry): Promise<void> {
    const started = performance.now();
    let detail: string | undefined;
    if (entry.custom && entry.retainOnDelete) {
      detail = "retainOnDelete: left in the tenant";
      this.#ctx.notice(`${entry.type} "${entry.name}" (${entry.id}) was left in the tenant (retainOnDelete)`);
    } else if (entry.custom) {
      const outcome = await providerFor(entry.type, entry.name).delete(entry, this.#ctx);
      if (outcome === "gone") detail = "already gone";
    }
    this.#checkpoint.remove(entry);
    this.#onStep({ op: "delete", type: entry.type, name: entry.name, component: !entry.custom, ms: performance.now() - started, ...(detail ? { detail } : {}) });
  }
}
