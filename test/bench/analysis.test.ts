import { describe, expect, it } from "vitest";
import { coldBreakdown, greenBreakdown } from "../../bench/lib/analysis.ts";
import { EMPTY_TS, FLOOR_CACHED, VERIFY_HELP_CACHED, VERIFY_NO_CACHE } from "../../bench/lib/names.ts";
import { at, smokeFixture } from "./fixtures.ts";

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

describe("coldBreakdown, with verify's compile cache", () => {
  const smoke = smokeFixture();
  smoke.clients.push(
    { ...smoke.clients[0]!, name: VERIFY_NO_CACHE, time: at(480) },
    { ...smoke.clients[1]!, name: FLOOR_CACHED, time: at(320) },
  );
  smoke.clients[0] = { ...smoke.clients[0]!, time: at(360) };
  smoke.moduleLoad.push({ name: VERIFY_HELP_CACHED, commandLine: "", time: at(300), baseline: EMPTY_TS, overBaselineMs: 110 });
  const b = coldBreakdown(smoke);

  it("judges verify as shipped against the floor, and a machine's first run (cache off) separately", () => {
    expect(b.verifyMs / b.floorMs).toBe(0.9);
    expect(b.noCacheRatio).toBe(1.2);
    expect(b.noCacheVsIdentity).toBeCloseTo(480 / 700);
  });

  it("compares like with like when both have a warm cache, and says what the cache saves of --help", () => {
    expect(b.cachedRatio).toBe(360 / 320);
    expect(b.compileCacheSavingMs).toBe(540 - 300);
  });
});

describe("greenBreakdown", () => {
  it("takes the medians of the first request and of the tail (exit − last request)", () => {
    const runs = [
      { firstRequestAfterMs: 300, lagToExitMs: 500, lagToLastRequestMs: 470 },
      { firstRequestAfterMs: 340, lagToExitMs: 900, lagToLastRequestMs: 880 },
      { firstRequestAfterMs: 320, lagToExitMs: 100, lagToLastRequestMs: 60 },
    ];
    expect(greenBreakdown(runs)).toEqual({ firstRequestMs: 320, tailMs: 30 });
  });
});
