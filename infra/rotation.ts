// Two overlapping client secrets ("slots") and when to rotate them. Pure: no Pulumi, no clock. The
// program passes `now`, the config and the state it persisted at the previous `pulumi up`, and
// persists the state this returns (stack output `rotationState`).
//
// Guarantees at every `pulumi up`, provided one runs at least every MAX_UP_INTERVAL_DAYS:
//  1. the active secret is younger than one rotation period;
//  2. a secret that stops being active stays in place and valid for at least one full rotation
//     period afterwards (the overlap), so a consumer that re-reads the secret once per period never
//     holds a deleted or expired one;
//  3. an update replaces at most one slot, always the non-active (older) one, never the active one;
//  4. end date = creation + secretLifetimeDays (≤ 730): never more than 730 days after the moment
//     the password can be created, and ≥ 2 periods + GRACE_DAYS so (2) holds across late updates.
//
// Why the period boundary is "last rotation + rotationDays" and not an epoch-aligned grid: (1) says
// consecutive rotations are at most one period apart, (2) says at least one period apart, measured
// at the moments `pulumi up` actually ran. Epoch-aligned boundaries only meet both when every update
// runs exactly on a boundary: with a weekly pipeline and 90-day periods a rotation lands 0-6 days
// after its boundary and the next one may land on time, leaving the previous secret 84 days. So the
// boundary is measured from the last actual rotation, which needs memory.
//
// Memory: the returned `state` (no secret in it) becomes the stack output `rotationState`, and the
// next run reads it back with a StackReference to its own stack. The engine answers that from the
// stack's last checkpoint (root resource outputs, kept unchanged during an update until the program
// registers new ones); a stack that was never deployed yields no outputs: the first deploy. A failed
// update does not commit new outputs, so a retry plans from the same state and derives the same
// keepers (generation numbers); only the end date of the slot being rotated may move (it counts from
// the rotation time), which replaces that unpublished password again and nothing else.
//
// Manual trigger (`rotate`, any string): because (1) and (2) pin rotations to exactly one period
// apart, no design with two slots can rotate earlier without cutting the overlap of the older
// secret. A new `rotate` value is the explicit request to do that: the older slot is replaced now
// (notice OVERLAP_SHORTENED if it was superseded less than a period ago), and the secret it demotes
// gets its full period because the schedule restarts from now: no second rotation at the old
// boundary. The state keeps a hash of the last value seen, so each new value fires once.
//
// Changing rotationDays: later rotations use the new value, but the previous secret keeps the
// overlap promised when it was superseded (`state.rotationDays`), so a shorter period takes effect
// one rotation later. Existing end dates never change (that would replace the password); when they
// are too short for a longer period (or an adopted password ends soon), rotations come early
// (reason "expiry") so that no secret expires while in a slot: a superseded secret then keeps at
// least the overlap of the period it was issued under, never less than its end date allows.
//
// Upgrade from the single password of a stack deployed before secret slots: previous outputs have `clientSecretExpiresAt` but
// no `rotationState`. That password is adopted as slot 0 (generation 0, same resource name, left
// untouched) and becomes the previous secret; slot 1 gets a new active secret. The adopted password
// is replaced at the next rotation, a full period later: the upgrade deletes nothing.
//
// rotation-state.ts turns the previous stack outputs into `PreviousRotation` (and refuses a lost state).

import { createHash } from "node:crypto";

const DAY_MS = 86_400_000;

/** Longest gap between two `pulumi up` runs the guarantees tolerate (a weekly pipeline). */
export const MAX_UP_INTERVAL_DAYS = 7;
/** Lifetime beyond the two periods: a secret may be demoted and later deleted one late run each. */
export const GRACE_DAYS = 2 * MAX_UP_INTERVAL_DAYS;
/** Entra's default and the usual tenant maximum for a client secret. */
export const MAX_LIFETIME_DAYS = 730;

/** Shortest secretLifetimeDays that keeps every guarantee: one period active, one overlapping, grace. */
export function minimumLifetimeDays(rotationDays: number): number {
  return 2 * rotationDays + GRACE_DAYS;
}

export type Slot = 0 | 1;

export interface SlotState {
  readonly slot: Slot;
  /** 1, 2, … per rotation; 0 = the single-secret stack's password, adopted on upgrade. */
  readonly generation: number;
  /** The password's `rotateWhenChanged` value: a new keeper replaces exactly this slot. */
  readonly keeper: string;
  /** When it became active (RFC 3339 with milliseconds); null for the adopted password. */
  readonly startsAt: string | null;
  /** The password's `endDate`: RFC 3339 in whole seconds, as the azuread provider stores it. */
  readonly endsAt: string;
}

/** Persisted between updates as the non-secret stack output `rotationState`. */
export interface RotationState {
  readonly version: 1;
  readonly activeSlot: Slot;
  /** Period in force at the last rotation: the overlap promised to the previous secret. */
  readonly rotationDays: number;
  /** One or two slots, ordered by slot number. */
  readonly slots: readonly SlotState[];
  /** Hash of the last `rotate` value seen (the value itself might be sensitive); null when unset. */
  readonly rotateToken: string | null;
}

export type PreviousRotation =
  | { readonly kind: "state"; readonly state: RotationState }
  | { readonly kind: "legacy"; readonly endsAt: string };

export interface PlanInput {
  /** Epoch milliseconds. */
  readonly now: number;
  readonly rotationDays: number;
  readonly secretLifetimeDays: number;
  readonly rotate?: string | undefined;
  /** From `previousFromOutputs`; undefined on the first deploy. */
  readonly previous?: PreviousRotation | undefined;
}

export interface SlotPlan extends SlotState {
  /** The adopted single-secret password: register it with `ignoreChanges: ["*"]` so nothing replaces it. */
  readonly legacy: boolean;
  /** Created or replaced by this update. */
  readonly changed: boolean;
}

export type RotationReason = "initial" | "upgrade" | "scheduled" | "manual" | "expiry";

export interface RotationNotice {
  readonly code: "OVERLAP_SHORTENED" | "ROTATED_EARLY_FOR_EXPIRY" | "LEGACY_ADOPTED" | "SECRET_EXPIRED";
  readonly slot: Slot;
  readonly message: string;
}

export interface RotationPlan {
  readonly slots: readonly SlotPlan[];
  readonly activeSlot: Slot;
  readonly previousSlot: Slot | undefined;
  /** RFC 3339: the first `pulumi up` at or after this moment rotates (unless `rotate` changes first). */
  readonly nextRotationAt: string;
  /** Why this update rotates; undefined when it changes nothing. */
  readonly rotated: RotationReason | undefined;
  readonly state: RotationState;
  readonly notices: readonly RotationNotice[];
}

/** Resource name of a slot's password: slot 0 keeps the single-secret stack's name, so upgrading keeps its URN. */
export function slotResourceName(secretName: string, slot: Slot): string {
  return slot === 0 ? secretName : `${secretName}-${slot}`;
}

function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z");
}

function hashRotate(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex").slice(0, 16);
}

function newSlot(slot: Slot, generation: number, now: number, lifetimeDays: number): SlotState {
  return {
    slot,
    generation,
    keeper: String(generation),
    startsAt: new Date(now).toISOString(),
    endsAt: rfc3339Seconds(now + lifetimeDays * DAY_MS),
  };
}

function slotOf(state: RotationState, slot: Slot): SlotState | undefined {
  return state.slots.find((s) => s.slot === slot);
}

/** When the active slot of `state` is due to be replaced, and why. */
function nextRotation(state: RotationState, rotationDays: number): { at: number; reason: "scheduled" | "expiry" } {
  const active = slotOf(state, state.activeSlot);
  const previous = state.slots.find((s) => s.slot !== state.activeSlot);
  // parseRotationState guarantees an active slot with a start; planSlots never builds one without.
  const start = Date.parse(active?.startsAt ?? "");
  const scheduled = start + rotationDays * DAY_MS;
  // Demote early enough that the active secret can still overlap a full period, plus late runs.
  // (+1 s: end dates are cut to whole seconds, which alone must not make a rotation "early".)
  const activeExpiry = Date.parse(active?.endsAt ?? "") + 1000 - (rotationDays + GRACE_DAYS) * DAY_MS;
  // Not before the previous secret has had the overlap promised when it was superseded ...
  const promised = previous === undefined ? -Infinity : start + state.rotationDays * DAY_MS;
  // ... unless its end date comes first: replace it by the last run before it expires. Binds only
  // after a config change or an upgrade; otherwise lifetime ≥ 2 periods + GRACE_DAYS leaves room.
  const previousExpiry = previous === undefined ? Infinity : Date.parse(previous.endsAt) - MAX_UP_INTERVAL_DAYS * DAY_MS;
  const at = Math.min(previousExpiry, Math.max(promised, Math.min(scheduled, activeExpiry)));
  return { at, reason: at < scheduled ? "expiry" : "scheduled" };
}

function assertInput(input: PlanInput): void {
  const { now, rotationDays, secretLifetimeDays } = input;
  if (!Number.isFinite(now)) throw new RangeError(`now must be epoch milliseconds, got ${now}`);
  if (!Number.isInteger(rotationDays) || rotationDays < 1) throw new RangeError(`rotationDays must be a positive integer, got ${rotationDays}`);
  if (!Number.isInteger(secretLifetimeDays) || secretLifetimeDays < 1 || secretLifetimeDays > MAX_LIFETIME_DAYS) {
    throw new RangeError(`secretLifetimeDays must be an integer from 1 to ${MAX_LIFETIME_DAYS}, got ${secretLifetimeDays}`);
  }
}

/** The two-slot plan for this update: which passwords exist, which is active, and the state to persist. */
export function planSlots(input: PlanInput): RotationPlan {
  assertInput(input);
  const { now, rotationDays: p, secretLifetimeDays: lifetime, previous } = input;
  const token = input.rotate === undefined || input.rotate === "" ? null : hashRotate(input.rotate);
  const notices: RotationNotice[] = [];
  let state: RotationState;
  let changedSlot: Slot | undefined;
  let rotated: RotationReason | undefined;

  if (previous === undefined) {
    state = { version: 1, activeSlot: 0, rotationDays: p, slots: [newSlot(0, 1, now, lifetime)], rotateToken: token };
    changedSlot = 0;
    rotated = "initial";
  } else if (previous.kind === "legacy") {
    const adopted: SlotState = { slot: 0, generation: 0, keeper: "legacy", startsAt: null, endsAt: previous.endsAt };
    state = { version: 1, activeSlot: 1, rotationDays: p, slots: [adopted, newSlot(1, 1, now, lifetime)], rotateToken: token };
    changedSlot = 1;
    rotated = "upgrade";
    notices.push({ code: "LEGACY_ADOPTED", slot: 0, message: `the existing client secret (ends ${previous.endsAt}) stays valid as the previous secret until the next rotation` });
  } else {
    const old = previous.state;
    const manual = token !== null && token !== old.rotateToken;
    const due = nextRotation(old, p);
    if (manual || now >= due.at) {
      const target: Slot = old.activeSlot === 0 ? 1 : 0;
      const generation = Math.max(...old.slots.map((s) => s.generation)) + 1;
      const replaced = slotOf(old, target);
      const slots = [...old.slots.filter((s) => s.slot !== target), newSlot(target, generation, now, lifetime)];
      slots.sort((a, b) => a.slot - b.slot);
      state = { version: 1, activeSlot: target, rotationDays: p, slots, rotateToken: token };
      changedSlot = target;
      rotated = manual && now < due.at ? "manual" : due.reason;
      const supersededAt = Date.parse(slotOf(old, old.activeSlot)?.startsAt ?? "");
      if (rotated === "manual" && replaced !== undefined && now < supersededAt + old.rotationDays * DAY_MS) {
        notices.push({
          code: "OVERLAP_SHORTENED",
          slot: target,
          message: `the manual rotation deletes the secret of slot ${target} (generation ${replaced.generation}), superseded at ${new Date(supersededAt).toISOString()}, before its ${old.rotationDays}-day overlap ends`,
        });
      }
      if (rotated === "expiry") {
        notices.push({ code: "ROTATED_EARLY_FOR_EXPIRY", slot: target, message: `rotated before the ${p}-day period ended, so that no secret expires while still in use (end dates issued under an earlier configuration)` });
      }
    } else {
      state = { ...old, rotateToken: token };
    }
  }

  for (const s of state.slots) {
    if (Date.parse(s.endsAt) <= now) {
      notices.push({ code: "SECRET_EXPIRED", slot: s.slot, message: `the secret in slot ${s.slot} expired at ${s.endsAt}; run \`pulumi up\` at least every ${MAX_UP_INTERVAL_DAYS} days` });
    }
  }
  const frozen = deepFreeze(state);
  const previousSlot = frozen.slots.find((s) => s.slot !== frozen.activeSlot)?.slot;
  return deepFreeze({
    slots: frozen.slots.map((s) => ({ ...s, legacy: s.generation === 0, changed: s.slot === changedSlot })),
    activeSlot: frozen.activeSlot,
    previousSlot,
    nextRotationAt: new Date(nextRotation(frozen, p).at).toISOString(),
    rotated,
    state: frozen,
    notices,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
