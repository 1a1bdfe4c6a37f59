import { describe, expect, it } from "vitest";
import { stepResult, summarizeChanges, summarizeOutputs } from "../../engine/demo-report.ts";

describe("demo report", () => {
  it("lists Pulumi's change counts in a fixed order, leaving out zeros", () => {
    expect(summarizeChanges({ same: 7, create: 1, update: 1, read: 1 })).toBe("create 1, update 1, read 1, same 7");
    expect(summarizeChanges({ delete: 9, discard: 1, create: 0 })).toBe("delete 9, discard 1");
    expect(summarizeChanges({})).toBe("no resources");
    expect(summarizeChanges(undefined)).toBe("no resources");
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
