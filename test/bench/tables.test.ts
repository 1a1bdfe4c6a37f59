import { describe, expect, it } from "vitest";
import { ms, range, renderTables } from "../../bench/lib/tables.ts";
import { targetsFrom } from "../../bench/lib/verdicts.ts";
import { resultsFixture } from "./fixtures.ts";

describe("ms", () => {
  it.each([
    [4.2, "4.20 ms"],
    [512.4, "512 ms"],
    [1234, "1.23 s"],
    [175_050, "175.1 s"],
  ])("prints %d as %s", (x, text) => {
    expect(ms(x)).toBe(text);
  });

  it("prints a range as median (min–max)", () => {
    expect(range({ n: 3, median: 500, min: 450, max: 1200 })).toBe("500 ms (450 ms–1.20 s)");
  });
});

describe("renderTables", () => {
  const results = resultsFixture();
  results.targets = targetsFrom(results);
  const text = renderTables(results);

  it("names the command, the machine and the commit the figures came from", () => {
    expect(text).toContain("`npm run bench`");
    expect(text).toContain("Test CPU, 2 cores");
    expect(text).toContain("Commit abc1234 (clean)");
    const dirty = resultsFixture();
    dirty.meta.machine.uncommitted = ["M infra/program.ts"];
    expect(renderTables(dirty)).toContain("with uncommitted changes in M infra/program.ts");
  });

  it("lists every target with its verdict", () => {
    for (const v of results.targets) expect(text).toContain(`| ${v.name} |`);
    expect(text).toMatch(/\| (PASS|MISS by [\d.]+%) \|/);
  });

  it("puts verify and the measured 10 s loop side by side for each replication scenario", () => {
    expect(text).toContain("| secret 5 s | verify | 700 ms (630 ms–840 ms) |");
    expect(text).toContain("| secret 5 s | 10 s loop | 5.05 s (4.54 s–6.06 s) |");
  });

  it("is tables and figures only: no sentence longer than a caption", () => {
    const prose = text.split("\n").filter((line) => line !== "" && !line.startsWith("|") && !line.startsWith("#") && !line.startsWith("- "));
    expect(prose.length).toBeLessThanOrEqual(1); // the program table's one-line summary
  });

  it("prints no NaN or undefined", () => {
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });
});
