import { describe, expect, it } from "vitest";
import { targetsFrom } from "../../bench/lib/verdicts.ts";
import { resultsFixture } from "./fixtures.ts";

describe("targetsFrom", () => {
  const verdicts = targetsFrom(resultsFixture());
  const byName = (part: string) => verdicts.find((v) => v.name.includes(part))!;

  it("judges cold verify against the floor and @azure/identity as ratios of medians", () => {
    expect(byName("undici floor")).toMatchObject({ measured: 2, limit: 1.1, pass: false });
    expect(byName("@azure/identity")).toMatchObject({ limit: 0.75, pass: false });
    expect(byName("@azure/identity").measured).toBeCloseTo(800 / 700);
  });

  it("judges the warm call, the lag in seconds and the request rate of every scenario", () => {
    expect(byName("warm")).toMatchObject({ measured: 63, pass: false });
    expect(byName("lag, secret replication 5 s")).toMatchObject({ measured: 0.7, unit: "s", pass: true });
    expect(byName("requests per second, secret replication 5 s")).toMatchObject({ measured: 1.05, pass: false });
  });

  it("judges the program's start-up ratio", () => {
    expect(byName("program start-up")).toMatchObject({ measured: 1.3, limit: 1.2, pass: false });
  });

  it("judges the real engine's preview against the empty program's, and its up against the empty program's up + the provider's polling", () => {
    expect(byName("no-op pulumi preview")).toMatchObject({ measured: 1.5, limit: 1.3, pass: false });
    expect(byName("first pulumi up")).toMatchObject({ limit: 1.2, pass: true });
    expect(byName("first pulumi up").measured).toBeCloseTo(10_000 / 9_000);
  });

  it("judges only the sections that ran", () => {
    expect(targetsFrom({})).toEqual([]);
  });
});
