import { describe, expect, it } from "vitest";
import { judge, verdictText } from "../../bench/lib/targets.ts";

describe("judge", () => {
  it("passes a figure at the limit", () => {
    expect(judge({ name: "t", measured: 1.1, limit: 1.1, unit: "×" })).toMatchObject({ pass: true, excess: 0, excessPercent: 0 });
  });

  it("says by how much a figure over the limit misses", () => {
    const v = judge({ name: "t", measured: 1.65, limit: 1.1, unit: "×" });
    expect(v.pass).toBe(false);
    expect(v.excess).toBeCloseTo(0.55);
    expect(v.excessPercent).toBeCloseTo(50);
  });

  it("refuses a measurement that is not a number", () => {
    expect(() => judge({ name: "t", measured: Number.NaN, limit: 1, unit: "s" })).toThrow(RangeError);
  });

  it("refuses a limit of zero", () => {
    expect(() => judge({ name: "t", measured: 1, limit: 0, unit: "s" })).toThrow(RangeError);
  });
});

describe("verdictText", () => {
  it("prints a pass with both figures", () => {
    expect(verdictText(judge({ name: "t", measured: 0.5, limit: 1, unit: "s" }))).toBe("PASS (0.50 s ≤ 1.00 s)");
  });

  it("prints a miss with the percentage over the limit", () => {
    expect(verdictText(judge({ name: "t", measured: 2.2, limit: 1.1, unit: "×" }))).toBe("MISS by 100% (2.20× vs ≤ 1.10×)");
  });
});
