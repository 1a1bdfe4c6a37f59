import { describe, expect, it } from "vitest";
import { NOW_ENV, programNow } from "../../infra/clock.ts";
import { ConfigError } from "../../infra/errors.ts";

describe("programNow", () => {
  it("uses the wall clock when the override is unset or empty", () => {
    expect(programNow(undefined, () => 42)).toBe(42);
    expect(programNow("", () => 42)).toBe(42);
  });

  it.each([
    ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T10:00:00.5+01:00", "2026-11-24T09:00:00.500Z"],
  ])("takes %s as now", (value, iso) => {
    expect(programNow(value, () => 0)).toBe(Date.parse(iso));
  });

  it.each(["tomorrow", "2026-11-24", "1764000000000", "2026-13-45T99:00:00Z"])("rejects %s with a ConfigError naming the variable", (value) => {
    expect(() => programNow(value, () => 0)).toThrow(ConfigError);
    try {
      programNow(value, () => 0);
    } catch (e) {
      expect((e as ConfigError).problems[0]).toMatchObject({ key: NOW_ENV, code: "INVALID_VALUE" });
    }
  });
});
