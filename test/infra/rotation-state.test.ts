// Reading the previous update's outputs back: state, single-secret upgrade, first deploy, and the
// states that must stop the program instead of being guessed around.

import { describe, expect, it } from "vitest";
import { planSlots } from "../../infra/rotation.ts";
import { parseRotationState, previousFromOutputs, RotationStateError } from "../../infra/rotation-state.ts";

const T0 = Date.parse("2026-03-01T02:00:00Z");
const DAY = 86_400_000;

function deployedTwice() {
  const first = planSlots({ now: T0, rotationDays: 30, secretLifetimeDays: 74, rotate: "r1" });
  return planSlots({ now: T0 + 30 * DAY, rotationDays: 30, secretLifetimeDays: 74, rotate: "r1", previous: { kind: "state", state: first.state } });
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RotationStateError) return err.reason;
    throw err;
  }
  return undefined;
}

describe("previousFromOutputs", () => {
  it("reads nothing on the first deploy (a stack that was never updated has no outputs)", () => {
    expect(previousFromOutputs({})).toBeUndefined();
  });

  it("round-trips the state through the JSON of a stack output", () => {
    const plan = deployedTwice();
    const outputs = JSON.parse(JSON.stringify({ rotationState: plan.state, nextRotationAt: plan.nextRotationAt }));
    expect(previousFromOutputs(outputs)).toEqual({ kind: "state", state: plan.state });
  });

  it("recognises a stack deployed with a single secret by its single secret's end date", () => {
    expect(previousFromOutputs({ clientSecretExpiresAt: "2026-09-01T00:00:00Z", clientSecret: "[secret]" })).toEqual({
      kind: "legacy",
      endsAt: "2026-09-01T00:00:00Z",
    });
  });

  it("refuses to plan when rotation outputs exist but the state is gone", () => {
    const err = (() => {
      try {
        previousFromOutputs({ nextRotationAt: "2026-06-01T00:00:00Z", clientSecretExpiresAt: "2026-09-01T00:00:00Z" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RotationStateError);
    expect(err).toMatchObject({ code: "ERR_ROTATION_STATE", reason: "MISSING", __pulumiRunError: true });
  });

  it("refuses a single secret's end date that is not a date", () => {
    expect(reasonOf(() => previousFromOutputs({ clientSecretExpiresAt: "soon" }))).toBe("MALFORMED");
  });
});

describe("parseRotationState", () => {
  const good = () => JSON.parse(JSON.stringify(deployedTwice().state)) as Record<string, unknown> & { slots: Record<string, unknown>[] };

  it("keeps a valid state and orders slots by number", () => {
    const state = good();
    state.slots.reverse();
    expect(parseRotationState(state).slots.map((s) => s.slot)).toEqual([0, 1]);
  });

  it.each([
    ["not an object", () => "state"],
    ["an unknown version", () => ({ ...good(), version: 2 })],
    ["a bad active slot", () => ({ ...good(), activeSlot: 2 })],
    ["rotationDays zero", () => ({ ...good(), rotationDays: 0 })],
    ["no slots", () => ({ ...good(), slots: [] })],
    ["three slots", () => ({ ...good(), slots: [...good().slots, good().slots[0]] })],
    ["a slot twice", () => ({ ...good(), slots: [good().slots[0], good().slots[0]] })],
    ["a slot without end date", () => ({ ...good(), slots: [{ ...good().slots[0], endsAt: undefined }, good().slots[1]] })],
    ["an empty keeper", () => ({ ...good(), slots: [{ ...good().slots[0], keeper: "" }, good().slots[1]] })],
    ["an active slot without start", () => ({ ...good(), slots: [good().slots[0], { ...good().slots[1], startsAt: null, generation: 0 }] })],
    ["a rotate token that is a number", () => ({ ...good(), rotateToken: 5 })],
  ])("rejects %s as MALFORMED", (_what, make) => {
    expect(reasonOf(() => parseRotationState(make()))).toBe("MALFORMED");
  });

  it("never stores the rotate value itself, only a hash of it", () => {
    expect(JSON.stringify(deployedTwice().state)).not.toContain("r1");
    expect(deployedTwice().state.rotateToken).toMatch(/^[0-9a-f]{16}$/);
  });
});
