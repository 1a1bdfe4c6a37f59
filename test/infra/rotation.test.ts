// The two-slot rotation schedule, over simulated years of `pulumi up` runs (daily, weekly, irregular),
// with manual triggers and rotationDays changes. Every run round-trips the state through the JSON a
// stack output would hold. Violations are collected and compared with [] so a failure lists them all.

import { describe, expect, it } from "vitest";
import {
  MAX_UP_INTERVAL_DAYS,
  minimumLifetimeDays,
  planSlots,
  type PreviousRotation,
  type RotationPlan,
  type SlotState,
} from "../../infra/rotation.ts";
import { previousFromOutputs } from "../../infra/rotation-state.ts";

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
  readonly lifetime: number | ((t: number) => number);
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
  /** rotationDays when it was issued: consumers re-read at least that often. */
  readonly periodWhenActive: number;
  demotedAt?: number;
  /** rotationDays when it was superseded. */
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
    // The single-secret stack's password is active until the upgrade and must then overlap a full period.
    live.set(0, { endsAt: Date.parse(previous.endsAt), periodWhenActive: s.rotationDays(T0) });
  }

  for (const now of times) {
    const p = s.rotationDays(now);
    const lifetime = typeof s.lifetime === "number" ? s.lifetime : s.lifetime(now);
    const triggered = s.triggerRate !== undefined && random() < s.triggerRate;
    if (triggered) rotate = `rotate-${now}`;
    const plan = planSlots({ now, rotationDays: p, secretLifetimeDays: lifetime, rotate, previous });
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
      if (endsAt - now > 730 * DAY || endsAt - now > lifetime * DAY) fail(`end date ${slot.endsAt} beyond the lifetime`);
      const replaced = live.get(slot.slot);
      if (replaced !== undefined) {
        const { demotedAt, overlapPromised = 0 } = replaced;
        if (demotedAt === undefined) fail(`slot ${slot.slot} was deleted while active`);
        else {
          // The overlap a consumer can count on: the period when the secret was superseded, or the
          // one it was issued under if shorter (its end date was chosen for that one).
          const overlapEnd = demotedAt + Math.min(overlapPromised, replaced.periodWhenActive) * DAY;
          if (replaced.endsAt < overlapEnd) fail(`slot ${slot.slot} was issued to expire before its overlap ended`);
          if (replaced.endsAt < now) fail(`slot ${slot.slot} expired before it was replaced`);
          const manualRun = plan.rotated === "manual";
          // Only an explicit `rotate` may cut an overlap short, and it says so.
          if (now < overlapEnd && !manualRun) fail(`slot ${slot.slot} deleted ${((overlapEnd - now) / DAY).toFixed(2)} days early`);
          const notified = plan.notices.some((n) => n.code === "OVERLAP_SHORTENED" && n.slot === slot.slot);
          if (notified !== (manualRun && now < demotedAt + overlapPromised * DAY)) fail(`OVERLAP_SHORTENED notice is ${notified}`);
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

  it.each([
    [30, 90],
    [90, 30],
    [7, 90],
  ] as const)("changing rotationDays from %i to %i together with the lifetime rotates early instead of letting a secret expire in use", (from, to) => {
    const switchAt = T0 + 400 * DAY;
    const rotationDays = (t: number) => (t < switchAt ? from : to);
    const r = simulate({ cadence: "weekly", days: 1000, lifetime: (t) => minimumLifetimeDays(rotationDays(t)), rotationDays, seed: from + to });
    expect(r.violations).toEqual([]);
  });

  it.each([30, 90, 180])("the longest lifetime (730 days) with rotationDays %i keeps end dates within two years", (p) => {
    const r = simulate({ cadence: "daily", days: 5 * 365, lifetime: 730, rotationDays: () => p, seed: p });
    expect(r.violations).toEqual([]);
  });

  it.each(CADENCES)("upgrading from the single password of a stack deployed before secret slots (%s runs) deletes it only after a full period", (cadence) => {
    const p = 90;
    // The single secret's end date: start of the epoch-aligned period + its lifetime.
    const legacyEnd = new Date(Math.floor(T0 / (p * DAY)) * p * DAY + minimumLifetimeDays(p) * DAY).toISOString();
    const r = simulate({ cadence, days: 3 * 365, lifetime: minimumLifetimeDays(p), rotationDays: () => p, previous: { kind: "legacy", endsAt: legacyEnd }, seed: 5 });
    expect(r.violations).toEqual([]);
  });
});
