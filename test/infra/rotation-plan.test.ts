// planSlots case by case: first deploy, no-op inside a period, manual trigger, upgrade from the
// single password of a stack deployed before slots, config changes. The years-long timeline is in rotation.test.ts.

import { describe, expect, it } from "vitest";
import { GRACE_DAYS, minimumLifetimeDays, planSlots, slotResourceName, type RotationPlan } from "../../infra/rotation.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T02:00:00Z");

describe("planSlots", () => {
  const base = { now: T0, rotationDays: 90, secretLifetimeDays: minimumLifetimeDays(90) };
  const next = (plan: RotationPlan, now: number, extra: { rotate?: string; rotationDays?: number; secretLifetimeDays?: number } = {}) =>
    planSlots({ ...base, ...extra, now, previous: { kind: "state", state: plan.state } });

  it.each([
    [1, 16],
    [7, 28],
    [90, 194],
    [180, 374],
  ])("minimum lifetime for rotationDays %i is %i days: two periods and the grace", (p, days) => {
    expect(minimumLifetimeDays(p)).toBe(days);
    expect(days - 2 * p).toBe(GRACE_DAYS);
  });

  it("first deploy creates only slot 0, active, ending one lifetime later in whole seconds", () => {
    const plan = planSlots({ ...base, now: T0 + 123 });
    expect(plan.slots).toEqual([
      { slot: 0, generation: 1, keeper: "1", startsAt: new Date(T0 + 123).toISOString(), endsAt: "2026-09-11T02:00:00Z", legacy: false, changed: true },
    ]);
    expect([plan.activeSlot, plan.previousSlot, plan.rotated]).toEqual([0, undefined, "initial"]);
    expect(plan.nextRotationAt).toBe(new Date(T0 + 123 + 90 * DAY).toISOString());
  });

  it("is a no-op until the period ends, then replaces only the other slot", () => {
    const first = planSlots(base);
    const inside = next(first, T0 + 90 * DAY - 1);
    expect([inside.rotated, inside.slots.some((s) => s.changed)]).toEqual([undefined, false]);
    expect(inside.state).toEqual(first.state);
    const rotated = next(inside, T0 + 90 * DAY);
    expect(rotated.rotated).toBe("scheduled");
    expect(rotated.slots.map((s) => [s.slot, s.keeper, s.changed])).toEqual([[0, "1", false], [1, "2", true]]);
    expect([rotated.activeSlot, rotated.previousSlot]).toEqual([1, 0]);
  });

  it("a new `rotate` value rotates once, now, and the next rotation waits a full period", () => {
    const a = next(planSlots(base), T0 + 90 * DAY); // slots 0 (previous) and 1 (active)
    const manual = next(a, T0 + 100 * DAY, { rotate: "leak-2026-06" });
    expect([manual.rotated, manual.activeSlot, manual.slots.find((s) => s.changed)?.slot]).toEqual(["manual", 0, 0]);
    expect(manual.notices.map((n) => n.code)).toEqual(["OVERLAP_SHORTENED"]);
    expect(manual.nextRotationAt).toBe(new Date(T0 + 190 * DAY).toISOString());
    expect(JSON.stringify(manual.state)).not.toContain("leak-2026-06");
    // Same value again, and the old boundary (day 180) passing: nothing happens.
    expect(next(manual, T0 + 180 * DAY, { rotate: "leak-2026-06" }).rotated).toBeUndefined();
    // Removing the value and setting it again is a new request.
    const cleared = next(manual, T0 + 101 * DAY);
    expect(next(cleared, T0 + 102 * DAY, { rotate: "leak-2026-06" }).rotated).toBe("manual");
  });

  it("a `rotate` value present at the first deploy does not rotate a second time", () => {
    const first = planSlots({ ...base, rotate: "x" });
    expect(next(first, T0 + DAY, { rotate: "x" }).rotated).toBeUndefined();
  });

  it("upgrading adopts the single-secret stack's password as the previous slot 0, untouched", () => {
    const upgrade = planSlots({ ...base, previous: { kind: "legacy", endsAt: "2026-08-29T00:00:00Z" } });
    expect(upgrade.slots.map((s) => [s.slot, s.generation, s.legacy, s.changed, s.endsAt])).toEqual([
      [0, 0, true, false, "2026-08-29T00:00:00Z"],
      [1, 1, false, true, "2026-09-11T02:00:00Z"],
    ]);
    expect([upgrade.activeSlot, upgrade.rotated, upgrade.notices[0]?.code]).toEqual([1, "upgrade", "LEGACY_ADOPTED"]);
    const later = next(upgrade, T0 + 90 * DAY);
    expect(later.slots.map((s) => [s.slot, s.legacy, s.changed])).toEqual([[0, false, true], [1, false, false]]);
  });

  it("replaces an adopted password that ends soon by the last weekly run before it expires", () => {
    const upgrade = planSlots({ ...base, previous: { kind: "legacy", endsAt: new Date(T0 + 60 * DAY).toISOString() } });
    expect(upgrade.nextRotationAt).toBe(new Date(T0 + 53 * DAY).toISOString());
    const plan = next(upgrade, T0 + 53 * DAY);
    expect([plan.rotated, plan.slots.find((s) => s.changed)?.slot]).toEqual(["expiry", 0]);
  });

  it("a shorter rotationDays takes effect after the previous secret's promised overlap", () => {
    const a = next(planSlots(base), T0 + 90 * DAY);
    expect(next(a, T0 + 121 * DAY, { rotationDays: 30 }).rotated).toBeUndefined();
    const b = next(a, T0 + 180 * DAY, { rotationDays: 30 });
    expect(b.nextRotationAt).toBe(new Date(T0 + 210 * DAY).toISOString());
  });

  it("changing secretLifetimeDays keeps existing end dates (no replacement) and applies to the next secret", () => {
    const first = planSlots(base);
    const same = next(first, T0 + DAY, { secretLifetimeDays: 400 });
    expect(same.state.slots).toEqual(first.state.slots);
    const rotated = next(same, T0 + 90 * DAY, { secretLifetimeDays: 400 });
    expect(rotated.slots[1]?.endsAt).toBe(new Date(T0 + 490 * DAY).toISOString().replace(".000", ""));
  });

  it("rotates early when the active secret's end date cannot cover a longer period's overlap", () => {
    const first = planSlots({ ...base, rotationDays: 30, secretLifetimeDays: minimumLifetimeDays(30) }); // ends day 74
    const plan = next(first, T0 + 31 * DAY, { rotationDays: 90, secretLifetimeDays: minimumLifetimeDays(90) });
    expect([plan.rotated, plan.notices.map((n) => n.code)]).toEqual(["expiry", ["ROTATED_EARLY_FOR_EXPIRY"]]);
  });

  it.each([
    [{ ...base, rotationDays: 0 }],
    [{ ...base, rotationDays: 1.5 }],
    [{ ...base, secretLifetimeDays: 731 }],
    [{ ...base, now: Number.NaN }],
  ])("rejects inputs that config validation should have stopped: %j", (input) => {
    expect(() => planSlots(input)).toThrow(RangeError);
  });

  it("names slot 0 like the single-secret stack's password and slot 1 next to it", () => {
    expect([slotResourceName("workload-identity-secret", 0), slotResourceName("workload-identity-secret", 1)]).toEqual([
      "workload-identity-secret",
      "workload-identity-secret-1",
    ]);
  });
});
