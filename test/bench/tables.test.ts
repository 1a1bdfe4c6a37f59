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

  it("puts each real-engine operation of the project beside the empty program's, with the polling and the floor", () => {
    expect(text).toContain("| first `pulumi up` (new stack) | project, 1 permission | 10.0 s (9.00 s–12.0 s) | 4.00 s (4.00 s–4.00 s) | 40% (33%–44%) | 25 (25–25) |");
    expect(text).toContain("| first `pulumi up` (new stack) | empty program | 5.00 s (4.00 s–6.00 s) | 0.00 ms (0.00 ms–0.00 ms) | 0% (0%–0%) | 0 (0–0) | — | — |");
    expect(text).toContain("| first `pulumi up` (new stack) | 10.0 s | empty program's up 5.00 s + polling 4.00 s = 9.00 s | 1.11× | 1.13× (1.11×–1.20×) | ≤ 1.20× |");
    expect(text).toContain("| `pulumi preview`, no changes | 3.00 s | empty program's preview 2.00 s | 1.50× | 1.50× (1.30×–1.70×) | ≤ 1.30× |");
    expect(text).toContain("| `pulumi preview`, no changes | 3.00 s | imports-only program's preview 2.50 s | 1.20× | 1.20× (1.04×–1.36×) | — |");
    expect(text).toContain("azuread provider: real pulumi-resource-azuread 6.9.1; language host: real pulumi-language-nodejs v3.259.0");
  });

  it("is tables and figures only: no sentence longer than a caption", () => {
    const prose = text.split("\n").filter((line) => line !== "" && !line.startsWith("|") && !line.startsWith("#") && !line.startsWith("- "));
    expect(prose.length).toBeLessThanOrEqual(1); // the program table's one-line summary
  });

  it("prints no NaN or undefined", () => {
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });
});
