import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXPLANATIONS } from "../../verify/explain.ts";
import { PAGE, renderTables, withTables } from "../../scripts/troubleshooting.ts";

const page = readFileSync(PAGE, "utf8");

describe("docs/troubleshooting.md", () => {
  it("is up to date with verify/explain.ts (run `node scripts/troubleshooting.ts` after changing it)", () => {
    expect(page).toBe(withTables(page));
  });

  it("has one row for every code verify can report, each once", () => {
    for (const code of Object.keys(EXPLANATIONS)) {
      expect(page.split(`| \`${code}\` |`).length - 1, code).toBe(1);
    }
  });

  it("puts a code in exactly one table, Graph codes in the Graph one", () => {
    const tables = renderTables({ AADSTS1: { explanation: "a", fix: "b" }, ERR_HTTP_X: { explanation: "c", fix: "d" }, Request_X: { explanation: "e|f", fix: "g" } });
    expect(tables).toMatch(/### Entra ID token endpoint[^#]*`AADSTS1`/);
    expect(tables).toMatch(/### Network[^#]*`ERR_HTTP_X`/);
    expect(tables).toMatch(/### Microsoft Graph[^#]*`Request_X` \| e\\\|f \| g \|/);
  });
});
