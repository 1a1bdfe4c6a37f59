import { describe, expect, it } from "vitest";
import { NOW_ENV, programNow } from "../../infra/clock.ts";
import { ConfigError } from "../../infra/errors.ts";
import { rfc3339, rotationPeriodStart, singleSecretPlan } from "../../infra/secretPlan.ts";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const plan = (iso: string, extra: Partial<Parameters<typeof singleSecretPlan>[0]> = {}) =>
  singleSecretPlan({ nowMs: at(iso), rotationDays: 90, secretLifetimeDays: 180, managedBy: "p/s", ...extra });

describe("rotationPeriodStart", () => {
  it("is a UTC midnight at most one period before now", () => {
    for (let t = at("2026-01-01T00:00:00Z"); t < at("2029-01-01T00:00:00Z"); t += 7 * DAY + 3_600_000) {
      const start = rotationPeriodStart(t, 90);
      expect(start % DAY).toBe(0);
      expect(start).toBeLessThanOrEqual(t);
      expect(t - start).toBeLessThan(90 * DAY);
    }
  });

  it("counts periods from the Unix epoch", () => {
    expect(rotationPeriodStart(at("1970-01-10T12:00:00Z"), 7)).toBe(at("1970-01-08T00:00:00Z"));
  });
});

describe("singleSecretPlan", () => {
  it("gives the same inputs for every run inside one rotation period (a second `pulumi up` is a no-op)", () => {
    const start = rotationPeriodStart(at("2026-11-24T10:00:00Z"), 90);
    const first = singleSecretPlan({ nowMs: start, rotationDays: 90, secretLifetimeDays: 180, managedBy: "p/s" });
    for (const offset of [1, 3_600_000, 45 * DAY, 90 * DAY - 1]) {
      expect(singleSecretPlan({ nowMs: start + offset, rotationDays: 90, secretLifetimeDays: 180, managedBy: "p/s" })).toEqual(first);
    }
  });

  it("moves the end date when a new period starts", () => {
    const start = rotationPeriodStart(at("2026-11-24T10:00:00Z"), 90);
    const before = singleSecretPlan({ nowMs: start + 90 * DAY - 1, rotationDays: 90, secretLifetimeDays: 180, managedBy: "p/s" });
    const after = singleSecretPlan({ nowMs: start + 90 * DAY, rotationDays: 90, secretLifetimeDays: 180, managedBy: "p/s" });
    expect(Date.parse(after.endDate) - Date.parse(before.endDate)).toBe(90 * DAY);
  });

  it("ends secretLifetimeDays after the period start, never more than the lifetime from now", () => {
    for (const iso of ["2026-01-01T00:00:00Z", "2026-06-15T13:14:15Z", "2027-12-31T23:59:59Z"]) {
      const now = at(iso);
      const end = Date.parse(plan(iso).endDate);
      expect(end - rotationPeriodStart(now, 90)).toBe(180 * DAY);
      expect(end - now).toBeLessThanOrEqual(180 * DAY);
      expect(end - now).toBeGreaterThan(90 * DAY);
    }
  });

  it("writes the end date as RFC 3339 in whole seconds, as the provider stores it", () => {
    expect(plan("2026-11-24T10:00:00Z").endDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(rfc3339(at("2027-05-23T00:00:00.000Z"))).toBe("2027-05-23T00:00:00Z");
  });

  it("says which stack manages the secret", () => {
    expect(plan("2026-11-24T10:00:00Z", { managedBy: "graph-workload-identity/prod" }).displayName).toContain("graph-workload-identity/prod");
  });

  it("adds the manual rotation trigger only when set", () => {
    expect(plan("2026-11-24T10:00:00Z").rotateWhenChanged).toBeUndefined();
    expect(plan("2026-11-24T10:00:00Z", { rotate: "2026-11-24" }).rotateWhenChanged).toEqual({ rotate: "2026-11-24" });
  });
});

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
