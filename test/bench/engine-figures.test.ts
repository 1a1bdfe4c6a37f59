import { describe, expect, it } from "vitest";
import { engineFigures } from "../../bench/lib/engine-figures.ts";
import { engineRawFixture } from "./fixtures.ts";

describe("engineFigures", () => {
  const result = engineFigures(engineRawFixture());

  it("summarizes each operation's process time, polling and polling share per run", () => {
    expect(result.figures.project.up.time).toEqual({ n: 3, median: 10_000, min: 9_000, max: 12_000 });
    expect(result.figures.project.up.polling.median).toBe(4_000);
    expect(result.figures.project.up.pollingShare.median).toBeCloseTo(0.4);
    expect(result.figures.project.up.pollingShare.max).toBeCloseTo(4_000 / 9_000);
    expect(result.figures.project.up.toFirstRequest?.median).toBe(1_500);
    // The empty program makes no request: no request timeline.
    expect(result.figures.empty.up.toFirstRequest).toBeUndefined();
  });

  it("puts up and destroy against the empty program's plus the provider's polling, preview against the empty preview alone", () => {
    expect(result.comparisons.up).toMatchObject({ baseline: "empty", measuredMs: 10_000, programMs: 5_000, pollingMs: 4_000, floorMs: 9_000 });
    expect(result.comparisons.up.ratio).toBeCloseTo(10 / 9);
    // Per round: 9 000 / 8 000, 10 000 / 9 000, 12 000 / 10 000.
    expect(result.comparisons.up.pairedRatio.median).toBeCloseTo(1.125);
    expect(result.comparisons.up.pairedRatio.max).toBeCloseTo(1.2);
    expect(result.comparisons.preview).toMatchObject({ measuredMs: 3_000, floorMs: 2_000, ratio: 1.5 });
    expect(result.comparisons.preview).not.toHaveProperty("pollingMs");
    expect(result.comparisons.destroy.floorMs).toBe(40_500);
    expect(result.comparisons.destroy.ratio).toBeCloseTo(42_000 / 40_500);
  });

  it("compares with the imports-only program the same way, for information", () => {
    expect(result.importsComparisons.up).toMatchObject({ baseline: "imports", programMs: 6_000, floorMs: 10_000, ratio: 1 });
    // Per round: 9 000 / 9 000, 10 000 / 10 000, 12 000 / 11 000.
    expect(result.importsComparisons.up.pairedRatio.max).toBeCloseTo(12 / 11);
    expect(result.importsComparisons.preview.ratio).toBeCloseTo(1.2);
  });
});
