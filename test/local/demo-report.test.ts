import { describe, expect, it } from "vitest";
import { stepResult, summarizeOutputs, summarizeSteps } from "../../local/demo-report.ts";
import type { StepRecord } from "../../local/steps.ts";

const step = (op: StepRecord["op"], type: string, name: string, component = false): StepRecord => ({ op, type, name, component, ms: 1 });

describe("demo report", () => {
  it("names up to three changed resources, counts by type beyond that, and leaves components out", () => {
    expect(
      summarizeSteps([
        step("create", "graph-workload-identity:index:WorkloadIdentity", "wi", true),
        step("create", "azuread:index/applicationPassword:ApplicationPassword", "s-1"),
        step("update", "pulumi:index:Stash", "v"),
        step("same", "azuread:index/application:Application", "app"),
      ]),
    ).toBe("created 1 (ApplicationPassword s-1), updated 1 (Stash v); 1 unchanged");
    const grants = ["a", "b", "c", "d"].map((n) => step("delete", "azuread:index/appRoleAssignment:AppRoleAssignment", n));
    expect(summarizeSteps(grants)).toBe("deleted 4 (AppRoleAssignment ×4)");
    expect(summarizeSteps([step("same", "pulumi:index:Stash", "v")])).toBe("no changes (1 unchanged)");
  });

  it("summarizes outputs by key id and dates only, never the secret", () => {
    const text = summarizeOutputs({ clientSecret: "very-secret-value", clientSecretKeyId: "0123456789abcdef", clientSecretExpiresAt: "2027-06-06T00:00:00Z", nextRotationAt: "2027-02-22T00:00:00.000Z" });
    expect(text).toBe("active secret key id 01234567… (expires 2027-06-06), next rotation 2027-02-22");
    expect(text).not.toContain("very-secret-value");
  });

  it("shows a step's outcome with its duration", () => {
    expect(stepResult(true, 1940, "created 6")).toBe("    ✓   1.9 s  created 6");
    expect(stepResult(false, 20, "boom")).toBe("    ✗   0.0 s  boom");
  });
});
