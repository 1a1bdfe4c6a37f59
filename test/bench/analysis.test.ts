import { describe, expect, it } from "vitest";
import { coldBreakdown } from "../../bench/lib/analysis.ts";
import { smokeFixture } from "./fixtures.ts";

describe("coldBreakdown", () => {
  const b = coldBreakdown(smokeFixture());

  it("takes the pacing pause from verify's attempt log: Graph start − (token start + duration)", () => {
    expect(b.pacingPauseMs).toBe(252 - (2 + 38));
  });

  it("estimates the ratio without that pause", () => {
    expect(b.ratioWithoutPacing).toBeCloseTo((800 - 212) / 400);
  });

  it("counts verify's module load over an empty .ts file, and what it loads beyond undici", () => {
    expect(b.verifyModulesMs).toBe(540 - 190);
    expect(b.undiciMs).toBe(200);
    expect(b.extraModulesMs).toBe(350 - 200);
    expect(b.ownFilesMs).toBe(350 - 250);
  });

  it("expresses the Node floor against the curl pair", () => {
    expect(b.verifyVsCurl).toBe(16);
    expect(b.floorVsCurl).toBe(8);
    expect(b.nodeBaselineVsCurl).toBe(2);
    expect(b.nodePlusUndiciVsCurl).toBe(6);
  });

  it("leaves the compile-cache figures out when those rows were not measured", () => {
    expect(b.compileCacheSavingMs).toBeUndefined();
    expect(b.cachedRatio).toBeUndefined();
  });

  it("fails loudly when a row it needs is missing", () => {
    const smoke = smokeFixture();
    smoke.clients = smoke.clients.filter((c) => c.name !== "undici floor");
    expect(() => coldBreakdown(smoke)).toThrow(/undici floor/);
  });
});
