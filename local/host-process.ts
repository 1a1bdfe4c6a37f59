// Runs the program in a fresh program-host process (fresh program, SDK and mock runtime per run)
// and answers its requests with the given handlers. The child is killed, by its own pid, if it
// outlives the timeout.

import { createInterface } from "node:readline";
import { LocalRunError } from "./errors.ts";
import { prepareNextHost, takeHost } from "./host-spawn.ts";
import type { EngineMessage, HostMessage, InvokeRequest, ReadRequest, RegisterRequest, ResourceReply } from "./protocol.ts";
import { serializeError } from "./protocol.ts";

export interface HostHandlers {
  register(request: RegisterRequest): Promise<ResourceReply>;
  read(request: ReadRequest): Promise<ResourceReply>;
  invoke(request: InvokeRequest): Promise<Record<string, unknown>>;
  hook(name: string): void;
  /** The program's exports resolved (before the run is over). */
  outputs(result: HostResult): void;
  /** The program process is over (success or not); requests may still be being answered. */
  ended(): void;
  /** A line the program (or the SDK) printed. */
  log(line: string): void;
}

export interface HostRun {
  readonly project: string;
  readonly stack: string;
  readonly program: string;
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** Extra environment variables for the program (e.g. its clock). */
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
  /** Start the host of the next run while this one runs (for callers that run repeatedly). */
  readonly prepareNext?: boolean;
}

export interface HostResult {
  readonly outputs: Record<string, unknown>;
  readonly secretOutputNames: readonly string[];
}

export function runProgramHost(run: HostRun, handlers: HostHandlers): Promise<HostResult> {
  return new Promise((resolve, reject) => {
    const child = takeHost();
    // Loading the SDK takes longer than a run spends waiting for it: start the next host right away.
    if (run.prepareNext === true) prepareNextHost();
    let settled = false;
    let exports: HostResult | undefined;
    // Requests being answered: the run is over only once they have settled (like the engine, which
    // waits for steps in flight), so that nothing is created after the caller has moved on.
    const inFlight = new Set<Promise<unknown>>();
    const finish = (outcome: { ok: true; value: HostResult } | { ok: false; error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.pid !== undefined) child.kill();
      handlers.ended();
      void Promise.allSettled([...inFlight]).then(() => (outcome.ok ? resolve(outcome.value) : reject(outcome.error)));
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: new LocalRunError("PROGRAM_TIMEOUT", `the program did not finish within ${run.timeoutMs} ms`, "look for a resource or invoke that never resolves (a missing answer from the runner)") }),
      run.timeoutMs,
    );

    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
        if (line.trim() !== "") handlers.log(line);
      });
    }

    const reply = (message: EngineMessage) => {
      if (child.connected) child.send(message);
    };
    const answer = (seq: number, work: () => Promise<unknown>) => {
      const pending = work().then(
        (value) => reply({ t: "reply", seq, ok: true, value }),
        (error: unknown) => reply({ t: "reply", seq, ok: false, error: serializeError(error) }),
      );
      inFlight.add(pending);
      void pending.finally(() => inFlight.delete(pending));
    };

    child.on("message", (message: HostMessage) => {
      switch (message.t) {
        case "register":
          return answer(message.seq, () => handlers.register(message.request));
        case "read":
          return answer(message.seq, () => handlers.read(message.request));
        case "invoke":
          return answer(message.seq, () => handlers.invoke(message.request));
        case "hook":
          return handlers.hook(message.name);
        case "outputs":
          exports = { outputs: message.outputs, secretOutputNames: message.secretOutputNames };
          return handlers.outputs(exports);
        case "done":
          return exports === undefined
            ? finish({ ok: false, error: new LocalRunError("PROGRAM_FAILED", "the program host finished without reporting outputs", "a bug in local/program-host.ts") })
            : finish({ ok: true, value: exports });
        case "failed": {
          const { error } = message;
          return finish({ ok: false, error: new LocalRunError("PROGRAM_FAILED", `the program failed: ${error.code ? `${error.code}: ` : ""}${error.message}`, "fix the cause and run again; the steps completed before the failure are in the state file") });
        }
      }
    });
    child.on("error", (error) => finish({ ok: false, error: new LocalRunError("PROGRAM_FAILED", `the program host could not run (${error.message})`, "run with Node 24 from node_modules/.bin", { cause: error }) }));
    // "close" (not "exit"): it comes after the child's stdio and IPC messages have been delivered.
    child.on("close", (code, signal) =>
      finish({ ok: false, error: new LocalRunError("PROGRAM_FAILED", `the program host exited (${signal ?? `code ${code}`}) without reporting`, "see the program's output above") }),
    );
    child.send({ t: "start", project: run.project, stack: run.stack, config: run.config, secretKeys: [...run.secretKeys], program: run.program, env: run.env } satisfies EngineMessage);
  });
}
