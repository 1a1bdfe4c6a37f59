import { describe, expect, it } from "vitest";
import { median, pairedDifferences, pairedRatios, percentile, ratePerSecond, ratio, ratioOfMedians, summarize } from "../../bench/lib/stats.ts";

describe("median", () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 1000], 10],
  ])("of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("refuses an empty list", () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("percentile (nearest rank)", () => {
  it.each([
    [50, 5],
    [99, 10],
    [100, 10],
    [0, 1],
    [10, 1],
    [11, 2],
  ])("p%d of 1..10 is %d", (p, expected) => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], p)).toBe(expected);
  });

  it("refuses a percentile outside [0, 100]", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("gives count, median, min and max", () => {
    expect(summarize([7, 3, 9, 1])).toEqual({ n: 4, median: 5, min: 1, max: 9 });
  });

  it("refuses a non-finite sample (a failed measurement must not become a number)", () => {
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe("ratios", () => {
  it("divides medians", () => {
    expect(ratioOfMedians(summarize([200, 220, 240]), summarize([100, 110, 400]))).toBe(2);
  });

  it("refuses a zero or negative baseline", () => {
    expect(() => ratio(1, 0)).toThrow(RangeError);
    expect(() => ratio(1, -1)).toThrow(RangeError);
  });

  it("pairs samples element by element", () => {
    expect(pairedRatios([2, 6, 12], [1, 2, 3])).toEqual({ n: 3, median: 3, min: 2, max: 4 });
  });

  it("refuses pairs of different lengths", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError);
  });
});

describe("pairedDifferences", () => {
  it("subtracts each baseline sample from its pair", () => {
    expect(pairedDifferences([110, 250, 130], [100, 200, 100])).toEqual({ n: 3, median: 30, min: 10, max: 50 });
  });

  it("refuses pairs of different lengths", () => {
    expect(() => pairedDifferences([1], [1, 2])).toThrow(RangeError);
  });
});

describe("ratePerSecond", () => {
  it("is count per second of the duration", () => {
    expect(ratePerSecond(500, 2_000)).toBe(250);
  });

  it("refuses an empty duration", () => {
    expect(() => ratePerSecond(1, 0)).toThrow(RangeError);
  });
});
