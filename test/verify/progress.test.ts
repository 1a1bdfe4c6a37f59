// The progress the CLI prints while verify works, on a manual clock: a log (CI, no terminal) gets a
// line when a new wait starts and never stays silent longer than the heartbeat; a terminal gets one
// line redrawn with a live countdown; "left" is the real time verify keeps trying.
import { describe, expect, it } from "vitest";
import { agedEvent, createProgressReporter, HEARTBEAT_MS, type ProgressTimers } from "../../verify/progress-reporter.ts";
import type { ProgressEvent } from "../../verify/types.ts";

/** Timers on a clock that only moves when the test says so. */
function manualTimers() {
  let now = 0;
  let pending: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const timers: ProgressTimers = {
    now: () => now,
    setTimeout(run, ms) {
      const id = ++ids;
      pending.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout(handle) {
      pending = pending.filter((t) => t.id !== handle);
    },
  };
  return {
    timers,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        pending = pending.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = end;
    },
    pendingCount: () => pending.length,
  };
}

function log() {
  const lines: string[] = [];
  return { lines, stream: { write: (text: string) => void lines.push(text) } };
}

const attempt = (over: Partial<ProgressEvent> = {}): ProgressEvent => ({ phase: "token", message: "requesting a token: /t/oauth2/v2.0/token", attempt: 1, elapsedMs: 0, remainingMs: 300_000, ...over });
const waiting = (over: Partial<ProgressEvent> = {}): ProgressEvent => ({
  phase: "token",
  message: "waiting for Entra ID to accept the new client secret (AADSTS7000215)",
  attempt: 1,
  code: "AADSTS7000215",
  waitMs: 1_000,
  elapsedMs: 100,
  remainingMs: 3_000,
  ...over,
});

describe("progress in a log (stderr is not a terminal)", () => {
  it("prints nothing for a run that never waits", () => {
    const clock = manualTimers();
    const out = log();
    const progress = createProgressReporter(out.stream, { tty: false, timers: clock.timers });
    progress.onProgress(attempt());
    clock.advance(150);
    progress.stop();
    expect(out.lines).toEqual([]);
    expect(clock.pendingCount()).toBe(0);
  });

  it("prints a line when a new wait starts, with the time left that the wait really has", () => {
    const clock = manualTimers();
    const out = log();
    const progress = createProgressReporter(out.stream, { tty: false, timers: clock.timers });
    progress.onProgress(waiting());
    // The same wait again a second later: no new line.
    clock.advance(1_000);
    progress.onProgress(waiting({ attempt: 2, elapsedMs: 1_100, remainingMs: 2_000 }));
    progress.stop();
    expect(out.lines).toEqual(["verify: … waiting for Entra ID to accept the new client secret (AADSTS7000215) (attempt 1, next try in 1.0 s; 100 ms elapsed, 3.0 s left)\n"]);
  });

  it("is never silent longer than the heartbeat while a request hangs, each line aged by the time passed", () => {
    const clock = manualTimers();
    const out = log();
    const progress = createProgressReporter(out.stream, { tty: false, timers: clock.timers });
    progress.onProgress(attempt());
    clock.advance(HEARTBEAT_MS - 1);
    expect(out.lines).toHaveLength(0);
    clock.advance(1);
    clock.advance(HEARTBEAT_MS);
    expect(out.lines).toEqual([
      "verify: … requesting a token: /t/oauth2/v2.0/token (attempt 1; 10.0 s elapsed, 290.0 s left)\n",
      "verify: … requesting a token: /t/oauth2/v2.0/token (attempt 1; 20.0 s elapsed, 280.0 s left)\n",
    ]);
    progress.stop();
    clock.advance(5 * HEARTBEAT_MS);
    expect(out.lines).toHaveLength(2);
  });

  it("counts the heartbeat from the last line printed, so two lines are never more than 10 s apart", () => {
    const clock = manualTimers();
    const out = log();
    const progress = createProgressReporter(out.stream, { tty: false, timers: clock.timers });
    clock.advance(7_000);
    progress.onProgress(waiting({ elapsedMs: 7_000, remainingMs: 60_000, waitMs: 30_000 }));
    clock.advance(9_999);
    expect(out.lines).toHaveLength(1);
    clock.advance(1);
    expect(out.lines[1]).toBe("verify: … waiting for Entra ID to accept the new client secret (AADSTS7000215) (attempt 1, next try in 20.0 s; 17.0 s elapsed, 50.0 s left)\n");
    progress.stop();
  });
});

describe("progress on a terminal", () => {
  it("redraws one line every second with the countdown, and clears it when stopped", () => {
    const clock = manualTimers();
    const out = log();
    const progress = createProgressReporter({ ...out.stream, columns: 200 }, { tty: true, timers: clock.timers });
    progress.onProgress(waiting());
    clock.advance(2_000);
    progress.stop();
    expect(out.lines.map((l) => l.replace("\r\x1b[2K", ""))).toEqual([
      "… waiting for Entra ID to accept the new client secret (AADSTS7000215) (attempt 1, next try in 1.0 s; 100 ms elapsed, 3.0 s left)",
      "… waiting for Entra ID to accept the new client secret (AADSTS7000215) (attempt 1, next try in 0 ms; 1.1 s elapsed, 2.0 s left)",
      "… waiting for Entra ID to accept the new client secret (AADSTS7000215) (attempt 1, next try in 0 ms; 2.1 s elapsed, 1.0 s left)",
      "",
    ]);
  });
});

describe("agedEvent", () => {
  it("never counts below zero", () => {
    expect(agedEvent(waiting(), 10_000)).toMatchObject({ elapsedMs: 10_100, remainingMs: 0, waitMs: 0 });
  });
});
