// Ctrl-C and SIGTERM in the CLI, on a fake process: the first signal cancels the run, a second one
// or a run still going after the grace period forces the exit, and the exit codes are 130 / 143.
import { describe, expect, it } from "vitest";
import { exitCodeFor, handleStopSignals, InterruptedError, type SignalHost, type StopSignal } from "../../verify/cli-signals.ts";

function fakeProcess() {
  const handlers = new Map<StopSignal, Set<() => void>>();
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const host: SignalHost = {
    on: (signal, handler) => void (handlers.get(signal) ?? handlers.set(signal, new Set()).get(signal)!).add(handler),
    off: (signal, handler) => void handlers.get(signal)?.delete(handler),
    setTimeout(run, ms) {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => void ((handle as { cleared: boolean }).cleared = true),
  };
  return {
    host,
    timers,
    send: (signal: StopSignal) => [...(handlers.get(signal) ?? [])].forEach((h) => h()),
    listening: (signal: StopSignal) => handlers.get(signal)?.size ?? 0,
  };
}

describe("stop signals", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("cancel the run on %s (exit %i), with the signal as the abort reason", (signal, code) => {
    const proc = fakeProcess();
    const forced: StopSignal[] = [];
    const stop = handleStopSignals(proc.host, (s) => forced.push(s));
    expect(stop.signal.aborted).toBe(false);
    proc.send(signal);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBeInstanceOf(InterruptedError);
    expect(stop.signal.reason).toMatchObject({ code: "ERR_ABORTED", signal });
    expect(stop.received()).toBe(signal);
    expect(exitCodeFor(signal)).toBe(code);
    expect(forced).toEqual([]);
  });

  it("force the exit on a second signal, keeping the first one's exit code", () => {
    const proc = fakeProcess();
    const forced: StopSignal[] = [];
    handleStopSignals(proc.host, (s) => forced.push(s));
    proc.send("SIGTERM");
    proc.send("SIGINT");
    expect(forced).toEqual(["SIGTERM"]);
  });

  it("force the exit when the run has not wound down within the grace period, and not once it has", () => {
    const proc = fakeProcess();
    const forced: StopSignal[] = [];
    const stop = handleStopSignals(proc.host, (s) => forced.push(s), 900);
    proc.send("SIGINT");
    expect(proc.timers).toHaveLength(1);
    expect(proc.timers[0]!.ms).toBe(900);
    proc.timers[0]!.run();
    expect(forced).toEqual(["SIGINT"]);

    const again = fakeProcess();
    const stop2 = handleStopSignals(again.host, (s) => forced.push(s), 900);
    again.send("SIGINT");
    stop2.dispose();
    expect(again.timers[0]!.cleared).toBe(true);
    expect([again.listening("SIGINT"), again.listening("SIGTERM")]).toEqual([0, 0]);
    stop.dispose();
  });
});
