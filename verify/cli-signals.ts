// Ctrl-C and SIGTERM for the CLI: the first one cancels the run (which then reports what it checked
// and exits 130 / 143); a second one, or a run that has not wound down within `graceMs`, ends the
// process at once. The process-wide parts (signal handlers, exit) are injected, so tests drive it.
import { EXIT_CODES } from "./cli-args.ts";

export type StopSignal = "SIGINT" | "SIGTERM";

/** The abort reason the run sees. */
export class InterruptedError extends Error {
  readonly code = "ERR_ABORTED";
  readonly signal: StopSignal;
  constructor(signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = "InterruptedError";
    this.signal = signal;
  }
}

export function exitCodeFor(signal: StopSignal): number {
  return signal === "SIGINT" ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
}

export interface SignalHost {
  on(signal: StopSignal, handler: () => void): void;
  off(signal: StopSignal, handler: () => void): void;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StopControl {
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

/**
 * `forceExit(signal)` is called on a second signal, or when the run is still going `graceMs` after
 * the first: it must print what it can and end the process.
 */
export function handleStopSignals(host: SignalHost, forceExit: (signal: StopSignal) => void, graceMs = 900): StopControl {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  let grace: unknown;
  const handlers = new Map<StopSignal, () => void>();
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    const handler = () => {
      if (first !== undefined) return forceExit(first);
      first = name;
      controller.abort(new InterruptedError(name));
      grace = host.setTimeout(() => forceExit(name), graceMs);
    };
    handlers.set(name, handler);
    host.on(name, handler);
  }
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      if (grace !== undefined) host.clearTimeout(grace);
      for (const [name, handler] of handlers) host.off(name, handler);
    },
  };
}
