// One self-overwriting status line on a terminal: what verify is waiting for, right now.
import { formatDuration } from "./render-human.ts";
import type { ProgressEvent } from "./types.ts";

export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

const CLEAR = "\r\x1b[2K";

export function formatProgress(e: ProgressEvent): string {
  const next = e.waitMs !== undefined ? `, next try in ${formatDuration(e.waitMs)}` : "";
  return `… ${e.message} (attempt ${e.attempt}${next}; ${formatDuration(e.elapsedMs)} elapsed, ${formatDuration(e.remainingMs)} left)`;
}

export function createProgressLine(stream: ProgressStream): { onProgress(e: ProgressEvent): void; clear(): void } {
  let shown = false;
  return {
    onProgress(e) {
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      const line = formatProgress(e);
      stream.write(`${CLEAR}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write(CLEAR);
      shown = false;
    },
  };
}
