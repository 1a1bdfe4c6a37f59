import { describe, expect, it } from "vitest";
import { TERMINAL_AADSTS, REPLICATION_AADSTS } from "../../verify/classify.ts";
import { explain, EXPLANATIONS } from "../../verify/explain.ts";


describe("explanations", () => {
  it("explain every AADSTS code verify classifies", () => {
    for (const code of [...TERMINAL_AADSTS, ...REPLICATION_AADSTS]) expect(EXPLANATIONS[`AADSTS${code}`], `AADSTS${code}`).toBeDefined();
  });

  it("give every code a non-empty explanation and fix", () => {
    for (const [code, e] of Object.entries(EXPLANATIONS)) {
      expect(e.explanation.length, code).toBeGreaterThan(20);
      expect(e.fix.length, code).toBeGreaterThan(10);
    }
  });

  it("fall back to Microsoft's error page for an unknown AADSTS code", () => {
    expect(explain("AADSTS123456").fix).toContain("https://login.microsoftonline.com/error?code=123456");
    expect(explain("SomethingNew").explanation).toContain("SomethingNew");
  });

});
