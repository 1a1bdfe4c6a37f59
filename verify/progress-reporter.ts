// What the CLI shows on stderr while verify works. On a terminal: one self-overwriting line, redrawn
// every second so that its countdown is live. Elsewhere (CI logs): a plain line whenever verify starts
// waiting for something new, and at least every `heartbeatMs` (10 s) while it keeps working, so a
// long wait or a stalled connection is never silent. Between events the last one is aged by the
// time since it arrived: elapsed grows, time left shrinks.
import { createProgressLine, formatProgress, type ProgressStream } from "./progress-line.ts";
import type { ProgressEvent } from "./types.ts";

export interface ProgressTimers {
  /** Monotonic ms. */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ProgressReporterOptions {
  /** Whether the stream is a terminal (a line that overwrites itself) or a log (one line per report). */
  readonly tty: boolean;
  readonly timers?: ProgressTimers;
  /** Longest silence in a log, ms (default 10 000). */
  readonly heartbeatMs?: number;
  /** Redraw period on a terminal, ms (default 1 000). */
  readonly redrawMs?: number;
}

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  /** Stops the timers and removes the terminal line; call before printing the report. */
  stop(): void;
}

export const HEARTBEAT_MS = 10_000;

const REAL_TIMERS: ProgressTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** `event` as it stands `sinceMs` after it was reported. */
export function agedEvent(event: ProgressEvent, sinceMs: number): ProgressEvent {
  const since = Math.max(0, sinceMs);
  return {
    ...event,
    elapsedMs: event.elapsedMs + since,
    remainingMs: Math.max(0, event.remainingMs - since),
    ...(event.waitMs !== undefined ? { waitMs: Math.max(0, event.waitMs - since) } : {}),
  };
}

export function createProgressReporter(stream: ProgressStream, options: ProgressReporterOptions): ProgressReporter {
  const timers = options.timers ?? REAL_TIMERS;
  const period = options.tty ? (options.redrawMs ?? 1_000) : (options.heartbeatMs ?? HEARTBEAT_MS);
  const line = options.tty ? createProgressLine(stream) : undefined;
  let latest: { event: ProgressEvent; at: number } | undefined;
  let lastShown: string | undefined;
  let timer: unknown;
  let stopped = false;

  const show = (event: ProgressEvent) => {
    if (line) line.onProgress(event);
    else stream.write(`verify: ${formatProgress(event)}\n`);
    lastShown = event.message;
  };
  // Re-armed after every line, so the gap between two lines never exceeds the period.
  const arm = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      if (latest) show(agedEvent(latest.event, timers.now() - latest.at));
      arm();
    }, period);
  };
  arm();

  return {
    onProgress(event) {
      if (stopped) return;
      latest = { event, at: timers.now() };
      // A log gets a line when verify starts waiting for something new; attempts alone stay quiet
      // (a run that needs no wait prints nothing), unless the heartbeat finds it still busy.
      if (line || (event.waitMs !== undefined && event.message !== lastShown)) {
        show(event);
        arm();
      }
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      line?.clear();
    },
  };
}
