import { describe, expect, it } from "vitest";
import { machineBusyTicks, otherCores, selfAndChildrenTicks } from "../../bench/lib/cpu-share.ts";

describe("machineBusyTicks", () => {
  it("adds user, nice, system, irq, softirq and steal, leaving idle and iowait out", () => {
    expect(machineBusyTicks("cpu  100 1 50 9999 77 2 3 4 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")).toBe(100 + 1 + 50 + 2 + 3 + 4);
  });
});

describe("selfAndChildrenTicks", () => {
  it("adds utime, stime, cutime and cstime, even when the process name has spaces and parentheses", () => {
    const stat = "4242 (node (bench) x) S 1 2 3 0 -1 4194304 10 0 0 0 700 300 2000 1000 20 0 1 0 5";
    expect(selfAndChildrenTicks(stat)).toBe(700 + 300 + 2000 + 1000);
  });
});

describe("otherCores", () => {
  it("is the machine's busy time minus the bench's, per second of wall time", () => {
    const before = { machineBusyTicks: 1_000, benchTicks: 500, atMs: 0 };
    const after = { machineBusyTicks: 1_000 + 3_000, benchTicks: 500 + 2_000, atMs: 10_000 };
    expect(otherCores(before, after)).toBe(1);
  });

  it("never goes below zero (tick rounding)", () => {
    expect(otherCores({ machineBusyTicks: 0, benchTicks: 0, atMs: 0 }, { machineBusyTicks: 10, benchTicks: 12, atMs: 1_000 })).toBe(0);
  });
});
