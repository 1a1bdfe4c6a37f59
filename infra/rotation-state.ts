// Reading back what the previous `pulumi up` left: the rotation state (stack output `rotationState`),
// or the single password of a stack deployed before secret slots, or nothing. Pure: the program fetches the outputs with a
// StackReference to its own stack and hands them in. A state that cannot be trusted stops the
// program before any resource is registered: planning without it could replace the secret in use.

import type { PreviousRotation, RotationState, Slot, SlotState } from "./rotation.ts";

/** Stable codes; thrown before any resource is registered, like a config error. */
export class RotationStateError extends Error {
  readonly code = "ERR_ROTATION_STATE";
  readonly reason: "MALFORMED" | "MISSING";
  /** Pulumi prints a RunError's message without a stack trace (see errors.ts). */
  readonly __pulumiRunError = true;

  constructor(reason: "MALFORMED" | "MISSING", problem: string, fix: string) {
    super(`Stack output rotationState ${problem} Fix: ${fix}`);
    this.name = "RotationStateError";
    this.reason = reason;
  }
}

const RESTORE_FIX =
  "restore the outputs of the last good update (`pulumi stack history`, then `pulumi stack export --version N` and `pulumi stack import`); planning without them could replace the secret in use.";

function isDate(v: unknown): v is string {
  return typeof v === "string" && !Number.isNaN(Date.parse(v));
}

/** A slot's fields; only the adopted password (generation 0, never active again) has no start. */
function isSlotState(v: unknown, activeSlot: Slot): v is SlotState {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  const generation = s["generation"];
  return (
    (s["slot"] === 0 || s["slot"] === 1) &&
    typeof generation === "number" &&
    Number.isInteger(generation) &&
    generation >= 0 &&
    typeof s["keeper"] === "string" &&
    s["keeper"] !== "" &&
    (isDate(s["startsAt"]) || (s["startsAt"] === null && generation === 0 && s["slot"] !== activeSlot)) &&
    isDate(s["endsAt"])
  );
}

/** Validates a `rotationState` output read back from the stack; returns a frozen copy. */
export function parseRotationState(value: unknown): RotationState {
  const malformed = (what: string) => new RotationStateError("MALFORMED", `is malformed: ${what}.`, RESTORE_FIX);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed("not an object");
  const v = value as Record<string, unknown>;
  if (v["version"] !== 1) throw malformed(`unknown version ${JSON.stringify(v["version"])}`);
  const activeSlot = v["activeSlot"];
  if (activeSlot !== 0 && activeSlot !== 1) throw malformed("activeSlot is not 0 or 1");
  const days = v["rotationDays"];
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1) throw malformed("rotationDays is not a positive integer");
  const slots: unknown = v["slots"];
  if (!Array.isArray(slots) || slots.length < 1 || slots.length > 2) throw malformed("slots is not a list of one or two slots");
  if (!slots.every((s: unknown) => isSlotState(s, activeSlot))) throw malformed("a slot lacks slot, generation, keeper, startsAt or endsAt");
  const typed = slots as SlotState[];
  if (new Set(typed.map((s) => s.slot)).size !== typed.length) throw malformed("a slot appears twice");
  if (!typed.some((s) => s.slot === activeSlot)) throw malformed("the active slot is missing");
  const token = v["rotateToken"];
  if (token !== null && typeof token !== "string") throw malformed("rotateToken is not a string or null");
  const sorted = typed
    .map((s) => Object.freeze({ slot: s.slot, generation: s.generation, keeper: s.keeper, startsAt: s.startsAt, endsAt: s.endsAt }))
    .sort((a, b) => a.slot - b.slot);
  return Object.freeze({ version: 1, activeSlot, rotationDays: days, slots: Object.freeze(sorted), rotateToken: token });
}

/**
 * What the previous update left, from the stack's own outputs: the rotation state; or, for a stack
 * deployed with a single password (before slots), that password's end date; or nothing (first deploy).
 */
export function previousFromOutputs(outputs: Readonly<Record<string, unknown>>): PreviousRotation | undefined {
  const raw = outputs["rotationState"];
  if (raw !== undefined && raw !== null) return { kind: "state", state: parseRotationState(raw) };
  // nextRotationAt is only ever written next to rotationState: the state was lost, not never written.
  if (outputs["nextRotationAt"] !== undefined && outputs["nextRotationAt"] !== null) {
    throw new RotationStateError("MISSING", "is missing although the stack was deployed with rotation.", RESTORE_FIX);
  }
  const legacy = outputs["clientSecretExpiresAt"];
  if (legacy === undefined || legacy === null) return undefined;
  if (!isDate(legacy)) {
    throw new RotationStateError("MALFORMED", `cannot be derived: clientSecretExpiresAt ${JSON.stringify(legacy)} is not a date.`, RESTORE_FIX);
  }
  return { kind: "legacy", endsAt: legacy };
}
