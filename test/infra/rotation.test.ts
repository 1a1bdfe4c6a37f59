// The two-slot rotation schedule, over simulated years of `pulumi up` runs (daily, weekly, irregular),
// with manual triggers and rotationDays changes. Every run round-trips the state through the JSON a
// stack output would hold. Violations are collected and compared with [] so a failure lists them all.

import { describe, expect, it } from "vitest";
import {
  GRACE_DAYS,
  MAX_UP_INTERVAL_DAYS,
  minimumLifetimeDays,
  planSlots,
  slotResourceName,
  type PreviousRotation,
  type RotationPlan,
  type SlotState,
} from "../../infra/rotation.ts";
import { previousFromOutputs } from "../../infra/rotationState.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T02:00:00Z");

/** mulberry32: small, seeded, good enough to place runs and triggers. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cadence = "daily" | "weekly" | "irregular";

/** Run times over `days`; consecutive runs are never more than MAX_UP_INTERVAL_DAYS apart. */
function runTimes(cadence: Cadence, days: number, random: () => number): number[] {
  const end = T0 + days * DAY;
  const times: number[] = [];
  if (cadence === "daily") {
    // A scheduled job: same time each day, starting up to 45 minutes late (whole seconds).
    for (let t = T0; t < end; t += DAY) times.push(t + Math.floor(random() * 2700) * 1000);
    return times;
  }
  for (let t = T0; t < end; ) {
    times.push(t);
    const maxGap = MAX_UP_INTERVAL_DAYS * DAY;
    // weekly: a cron job whose start varies by up to two hours; irregular: anything from a minute to a week.
    t += cadence === "weekly" ? maxGap - Math.floor(random() * 7200) * 1000 : 60_000 + Math.floor(random() * (maxGap - 60_000));
  }
  return times;
}

interface Scenario {
  readonly cadence: Cadence;
  readonly days: number;
  readonly lifetime: number;
  readonly rotationDays: (t: number) => number;
  /** Chance per run that `rotate` gets a new value. */
  readonly triggerRate?: number;
  readonly previous?: PreviousRotation;
  readonly seed: number;
}

/** Same password inputs: a difference in any of these would replace it. */
function sameSecret(a: SlotState | undefined, b: SlotState): boolean {
  return a !== undefined && a.generation === b.generation && a.keeper === b.keeper && a.startsAt === b.startsAt && a.endsAt === b.endsAt;
}

interface Tracked {
  readonly endsAt: number;
  readonly periodWhenActive: number;
  demotedAt?: number;
  overlapPromised?: number;
}

function simulate(s: Scenario): { violations: string[]; rotations: number; manual: number; triggers: number } {
  const random = seeded(s.seed);
  const violations: string[] = [];
  const live = new Map<number, Tracked>();
  let previous = s.previous;
  let before: RotationPlan | undefined;
  let rotate: string | undefined;
  let [rotations, manual, triggers, lastP] = [0, 0, 0, 0];
  const times = runTimes(s.cadence, s.days, random);
  if (previous?.kind === "legacy") {
    // The foundation's password is active until the upgrade and must then overlap a full period.
    live.set(0, { endsAt: Date.parse(previous.endsAt), periodWhenActive: s.rotationDays(T0) });
  }

  for (const now of times) {
    const p = s.rotationDays(now);
    const triggered = s.triggerRate !== undefined && random() < s.triggerRate;
    if (triggered) rotate = `rotate-${now}`;
    const plan = planSlots({ now, rotationDays: p, secretLifetimeDays: s.lifetime, rotate, previous });
    const at = new Date(now).toISOString();
    const fail = (what: string) => violations.push(`${at} (rotationDays ${p}): ${what}`);

    const changed = plan.slots.filter((x) => x.changed);
    if (changed.length > 1) fail(`${changed.length} slots changed`);
    for (const slot of plan.slots) {
      const old = before?.slots.find((x) => x.slot === slot.slot);
      if (!slot.changed && before !== undefined && !sameSecret(old, slot)) fail(`slot ${slot.slot} changed without being rotated`);
      if (slot.changed && before !== undefined && slot.slot === before.activeSlot) fail(`the active slot ${slot.slot} was replaced`);
      if (slot.changed && old !== undefined && old.keeper === slot.keeper) fail(`slot ${slot.slot} replaced with the same keeper`);
      if (Date.parse(slot.endsAt) <= now) fail(`slot ${slot.slot} is expired (${slot.endsAt})`);
    }
    if (before !== undefined && before.slots.some((o) => !plan.slots.some((x) => x.slot === o.slot))) fail("a slot disappeared");
    if (triggered && plan.rotated === undefined) fail("a new rotate value did not rotate");
    triggers += triggered ? 1 : 0;
    // nextRotationAt holds for the rotationDays it was computed with.
    const expectRotation = triggered || now >= Date.parse(before?.nextRotationAt ?? "");
    if (before !== undefined && p === lastP && (plan.rotated !== undefined) !== expectRotation) {
      fail(`rotated=${plan.rotated} although nextRotationAt was ${before.nextRotationAt}`);
    }

    for (const slot of changed) {
      const endsAt = Date.parse(slot.endsAt);
      if (endsAt - now > 730 * DAY || endsAt - now > s.lifetime * DAY) fail(`end date ${slot.endsAt} beyond the lifetime`);
      const replaced = live.get(slot.slot);
      if (replaced !== undefined) {
        const { demotedAt, overlapPromised = 0 } = replaced;
        if (demotedAt === undefined) fail(`slot ${slot.slot} was deleted while active`);
        else {
          const overlapEnd = demotedAt + overlapPromised * DAY;
          if (replaced.endsAt < overlapEnd) fail(`slot ${slot.slot} was issued to expire before its overlap ended`);
          if (replaced.endsAt < now) fail(`slot ${slot.slot} expired before it was replaced`);
          const shortened = now < overlapEnd;
          const notified = plan.notices.some((n) => n.code === "OVERLAP_SHORTENED" && n.slot === slot.slot);
          // Only an explicit `rotate` may cut an overlap short, and it says so.
          if (shortened && plan.rotated !== "manual") fail(`slot ${slot.slot} deleted ${((overlapEnd - now) / DAY).toFixed(2)} days early`);
          if (shortened !== notified) fail(`OVERLAP_SHORTENED notice ${notified} for a shortened=${shortened} overlap`);
        }
      }
      const demoted = before === undefined ? undefined : live.get(before.activeSlot);
      if (demoted !== undefined && before !== undefined && before.activeSlot !== slot.slot) {
        demoted.demotedAt = now;
        demoted.overlapPromised = plan.state.rotationDays;
      }
      if (demoted === undefined && s.previous?.kind === "legacy" && before === undefined) {
        Object.assign(live.get(0) ?? {}, { demotedAt: now, overlapPromised: p });
      }
      live.set(slot.slot, { endsAt, periodWhenActive: p });
      rotations += 1;
      if (plan.rotated === "manual") manual += 1;
    }

    const active = plan.slots.find((x) => x.slot === plan.activeSlot);
    const age = now - Date.parse(active?.startsAt ?? "");
    const period = Math.max(p, live.get(plan.activeSlot)?.periodWhenActive ?? p);
    if (!(age < period * DAY)) fail(`active secret is ${(age / DAY).toFixed(2)} days old`);
    if (Date.parse(plan.nextRotationAt) < now && plan.rotated === undefined) fail("nextRotationAt is in the past");

    // Persist and read back exactly as the program does through its own stack outputs.
    const outputs = JSON.parse(JSON.stringify({ rotationState: plan.state, nextRotationAt: plan.nextRotationAt }));
    previous = previousFromOutputs(outputs);
    before = plan;
    lastP = p;
  }
  return { violations, rotations, manual, triggers };
}

const PERIODS = [1, 7, 30, 90, 180] as const;
const CADENCES: readonly Cadence[] = ["daily", "weekly", "irregular"];
const matrix = PERIODS.flatMap((p) => CADENCES.map((c) => [p, c] as const));

describe("rotation timeline", () => {
  it.each(matrix)("rotationDays %i with %s runs keeps every guarantee for years", (p, cadence) => {
    const days = Math.max(4 * 365, 6 * p + 30);
    const r = simulate({ cadence, days, lifetime: minimumLifetimeDays(p), rotationDays: () => p, seed: p * 31 + cadence.length });
    expect(r.violations).toEqual([]);
    // It really rotates: at least once per period plus the longest gap between runs.
    expect(r.rotations).toBeGreaterThanOrEqual(Math.floor(days / (p + MAX_UP_INTERVAL_DAYS)));
    expect(r.rotations).toBeLessThanOrEqual(Math.ceil(days / p) + 1);
  });

  it.each(matrix)("rotationDays %i with %s runs and random manual triggers shortens only what `rotate` asks for", (p, cadence) => {
    const rate = cadence === "daily" ? 1 / 20 : 1 / 4;
    const r = simulate({ cadence, days: 3 * 365, lifetime: minimumLifetimeDays(p), rotationDays: () => p, triggerRate: rate, seed: p * 7 + 1 });
    expect(r.violations).toEqual([]);
    expect(r.triggers).toBeGreaterThan(2);
    // With weekly runs and rotationDays 1 or 7 every run rotates anyway; elsewhere `rotate` makes a difference.
    if (p > MAX_UP_INTERVAL_DAYS) expect(r.manual).toBeGreaterThan(0);
  });

  it.each([
    [90, 30, "daily"],
    [30, 90, "daily"],
    [7, 1, "weekly"],
    [1, 7, "irregular"],
    [180, 90, "weekly"],
    [30, 180, "irregular"],
  ] as const)("changing rotationDays from %i to %i mid-way (%s runs) never deletes a secret early", (from, to, cadence) => {
    const switchAt = T0 + 500 * DAY;
    const r = simulate({
      cadence,
      days: 1200,
      lifetime: minimumLifetimeDays(Math.max(from, to)),
      rotationDays: (t) => (t < switchAt ? from : to),
      triggerRate: 1 / 50,
      seed: from * 1000 + to,
    });
    expect(r.violations).toEqual([]);
  });

  it.each([30, 90, 180])("the longest lifetime (730 days) with rotationDays %i keeps end dates within two years", (p) => {
    const r = simulate({ cadence: "daily", days: 5 * 365, lifetime: 730, rotationDays: () => p, seed: p });
    expect(r.violations).toEqual([]);
  });

  it.each(CADENCES)("upgrading from the foundation's single password (%s runs) deletes it only after a full period", (cadence) => {
    const p = 90;
    // The foundation's end date: start of the epoch-aligned period + its lifetime.
    const legacyEnd = new Date(Math.floor(T0 / (p * DAY)) * p * DAY + minimumLifetimeDays(p) * DAY).toISOString();
    const r = simulate({ cadence, days: 3 * 365, lifetime: minimumLifetimeDays(p), rotationDays: () => p, previous: { kind: "legacy", endsAt: legacyEnd }, seed: 5 });
    expect(r.violations).toEqual([]);
  });
});

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

  it("upgrading adopts the foundation's password as the previous slot 0, untouched", () => {
    const upgrade = planSlots({ ...base, previous: { kind: "legacy", endsAt: "2026-08-29T00:00:00Z" } });
    expect(upgrade.slots.map((s) => [s.slot, s.generation, s.legacy, s.changed, s.endsAt])).toEqual([
      [0, 0, true, false, "2026-08-29T00:00:00Z"],
      [1, 1, false, true, "2026-09-11T02:00:00Z"],
    ]);
    expect([upgrade.activeSlot, upgrade.rotated, upgrade.notices[0]?.code]).toEqual([1, "upgrade", "LEGACY_ADOPTED"]);
    const later = next(upgrade, T0 + 90 * DAY);
    expect(later.slots.map((s) => [s.slot, s.legacy, s.changed])).toEqual([[0, false, true], [1, false, false]]);
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

  it("names slot 0 like the foundation's password and slot 1 next to it", () => {
    expect([slotResourceName("workload-identity-secret", 0), slotResourceName("workload-identity-secret", 1)]).toEqual([
      "workload-identity-secret",
      "workload-identity-secret-1",
    ]);
  });
});
