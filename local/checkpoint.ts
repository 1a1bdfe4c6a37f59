// The state while a run is in progress: every completed step is recorded and written to the state
// file right away (saves are queued, never interleaved), like Pulumi's checkpoints. Outputs change
// only on commit, at the end of a successful run.

import { removeState, saveState, type ResourceEntry, type StackState } from "./state.ts";

export class Checkpoint {
  #state: StackState;
  #resources: ResourceEntry[];
  readonly #stateDir: string;
  #queue: Promise<void> = Promise.resolve();
  #saveError: unknown;

  constructor(stateDir: string, base: StackState) {
    this.#stateDir = stateDir;
    this.#state = base;
    this.#resources = [...base.resources];
  }

  get resources(): readonly ResourceEntry[] {
    return this.#resources;
  }

  get base(): StackState {
    return this.#state;
  }

  add(entry: ResourceEntry): void {
    this.#resources.push(entry);
    this.#save();
  }

  /** Puts `next` where `previous` was (same step order in the file). */
  swap(previous: ResourceEntry, next: ResourceEntry): void {
    const index = this.#resources.indexOf(previous);
    if (index < 0) this.#resources.push(next);
    else this.#resources[index] = next;
    this.#save();
  }

  remove(entry: ResourceEntry): void {
    this.#resources = this.#resources.filter((r) => r !== entry);
    this.#save();
  }

  commit(outputs: Record<string, unknown>, secretOutputNames: readonly string[]): void {
    this.#state = { ...this.#state, outputs, secretOutputNames: [...secretOutputNames] };
    this.#save();
  }

  /** Waits for every queued write; rethrows the first write error. */
  async flush(): Promise<void> {
    await this.#queue;
    if (this.#saveError !== undefined) throw this.#saveError;
  }

  /** After a complete destroy: nothing left to remember, and no secret left on disk. */
  async removeFile(): Promise<void> {
    await this.flush();
    await removeState(this.#stateDir, this.#state.stack);
  }

  #save(): void {
    const snapshot: StackState = { ...this.#state, resources: [...this.#resources], updatedAt: new Date().toISOString() };
    this.#queue = this.#queue.then(
      () => saveState(this.#stateDir, snapshot),
    ).catch((error: unknown) => {
      this.#saveError ??= error;
    });
  }
}
