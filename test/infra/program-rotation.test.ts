// Rotation through the program under mocks: each run gets the previous run's stack outputs through
// the stack's StackReference to itself, as the engine would answer it after a successful update.
import { describe, expect, it } from "vitest";
import { mockSecretValue, runProgram, stackOutputs, type ProgramRun, type Registration, type RunOptions } from "./helpers/mock-program.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T02:00:00Z");
const ok = { permissions: '["User.Read.All"]' };
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => iso(ms).replace(".000Z", "Z");

interface Deployed {
  readonly run: ProgramRun;
  readonly outputs: Record<string, unknown>;
}

/** One `pulumi up` at `at`, after `previous` (a run of this program, or any stack outputs). */
async function deploy(at: number, previous?: Deployed | Record<string, unknown>, extra: Partial<RunOptions> = {}): Promise<Deployed> {
  const previousOutputs = previous === undefined ? undefined : "run" in previous ? (previous as Deployed).outputs : previous;
  const run = await runProgram({
    config: ok,
    env: { GRAPH_WORKLOAD_IDENTITY_NOW: iso(at) },
    ...(previousOutputs === undefined ? {} : { previousOutputs }),
    ...extra,
  });
  if (run.error !== undefined) throw run.error;
  return { run, outputs: await stackOutputs(run) };
}

const passwords = (d: Deployed): Registration[] => d.run.registrations.filter((r) => r.type === PASSWORD);
const password = (d: Deployed, name: string): Registration => {
  const found = passwords(d).find((p) => p.name === name);
  if (found === undefined) throw new Error(`no password ${name}`);
  return found;
};
/** Inputs of every password by name, without the application id the mocks invent per run. */
const passwordInputs = (d: Deployed) => Object.fromEntries(passwords(d).map(({ name, inputs: { applicationId: _a, ...rest } }) => [name, rest]));

describe("rotation through `pulumi up`", () => {
  it("registers identical password inputs on a second run inside the period", async () => {
    const first = await deploy(T0);
    const second = await deploy(T0 + 90 * DAY - 1, first);
    expect(passwordInputs(second)).toEqual(passwordInputs(first));
    expect(second.outputs["rotationState"]).toEqual(first.outputs["rotationState"]);
  });

  it("reads the schedule back even when the backend marks those outputs secret", async () => {
    const first = await deploy(T0);
    const second = await deploy(T0 + DAY, first.outputs, { previousSecretOutputNames: ["clientSecret", "rotationState", "nextRotationAt", "clientSecretExpiresAt"] });
    expect(passwordInputs(second)).toEqual(passwordInputs(first));
  });

  it("after one period adds slot 1 as the active secret and leaves slot 0 as it was", async () => {
    const first = await deploy(T0);
    const rotated = await deploy(T0 + 90 * DAY, first);
    expect(passwords(rotated).map((p) => p.name)).toEqual(["workload-identity-secret", "workload-identity-secret-1"]);
    expect(passwordInputs(rotated)["workload-identity-secret"]).toEqual(passwordInputs(first)["workload-identity-secret"]);
    const slot1 = password(rotated, "workload-identity-secret-1");
    expect(slot1.inputs).toMatchObject({
      displayName: "managed by Pulumi stack graph-workload-identity/dev (slot 1, generation 2)",
      endDate: seconds(T0 + (90 + 194) * DAY),
      rotateWhenChanged: { generation: "2" },
    });
    expect(slot1.additionalSecretOutputs).toContain("value");
    expect(rotated.outputs).toMatchObject({
      clientSecret: mockSecretValue("workload-identity-secret-1"),
      clientSecretKeyId: slot1.state["keyId"],
      clientSecretExpiresAt: seconds(T0 + (90 + 194) * DAY),
      previousClientSecretExpiresAt: seconds(T0 + 194 * DAY),
      nextRotationAt: iso(T0 + 180 * DAY),
      rotationState: { activeSlot: 1, rotationDays: 90 },
    });
  });

  it("changes at most one slot per update, never the one that was active, across a year of weekly runs", async () => {
    let previous = await deploy(T0);
    const rotations: string[] = [];
    for (let at = T0 + 7 * DAY; at < T0 + 400 * DAY; at += 7 * DAY) {
      const next = await deploy(at, previous);
      const [before, after] = [passwordInputs(previous), passwordInputs(next)];
      const changed = Object.keys(after).filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
      expect(changed.length, iso(at)).toBeLessThanOrEqual(1);
      const wasActive = (previous.outputs["rotationState"] as { activeSlot: number }).activeSlot === 0 ? "workload-identity-secret" : "workload-identity-secret-1";
      expect(changed, iso(at)).not.toContain(wasActive);
      if (changed.length === 1) {
        rotations.push(iso(at));
        // The new secret is the active one, and the secret it superseded is still in place.
        expect(next.outputs["clientSecret"]).toBe(mockSecretValue(changed[0] ?? ""));
        expect(Object.keys(after)).toContain(wasActive);
      }
      expect(Date.parse(String(next.outputs["previousClientSecretExpiresAt"] ?? next.outputs["clientSecretExpiresAt"]))).toBeGreaterThan(at);
      previous = next;
    }
    // Weekly runs land a rotation on the first run at or after each 90-day boundary.
    expect(rotations).toEqual([91, 182, 273, 364].map((d) => iso(T0 + d * DAY)));
  }, 60_000);

  it("rotates the non-active slot at once on a new `rotate` value, and warns that its overlap is cut short", async () => {
    const first = await deploy(T0);
    const second = await deploy(T0 + 100 * DAY, first);
    const manual = await deploy(T0 + 110 * DAY, second, { config: { ...ok, rotate: "incident-42" } });
    expect(password(manual, "workload-identity-secret").inputs["rotateWhenChanged"]).toEqual({ generation: "3" });
    expect(passwordInputs(manual)["workload-identity-secret-1"]).toEqual(passwordInputs(second)["workload-identity-secret-1"]);
    expect(manual.outputs["clientSecret"]).toBe(mockSecretValue("workload-identity-secret"));
    expect(manual.run.logs).toContainEqual({ level: "warn", message: expect.stringContaining("OVERLAP_SHORTENED") });
    const again = await deploy(T0 + 111 * DAY, manual, { config: { ...ok, rotate: "incident-42" } });
    expect(passwordInputs(again)).toEqual(passwordInputs(manual));
  });
});

describe("upgrading a stack deployed with a single secret (deployed before slots)", () => {
  const singleSecret = {
    tenantId: "72f988bf-0000-4000-8000-000000000001",
    clientId: "11111111-0000-4000-8000-000000000001",
    clientSecret: "the-secret-consumers-hold-today",
    clientSecretExpiresAt: "2026-08-28T00:00:00Z",
    permissions: ["User.Read.All"],
  };

  it("adopts the existing password as slot 0 (same name, ignoreChanges) and adds a new active secret in slot 1", async () => {
    const up = await deploy(T0, singleSecret);
    const [slot0, slot1] = [password(up, "workload-identity-secret"), password(up, "workload-identity-secret-1")];
    expect(slot0.ignoreChanges).toEqual(["*"]);
    expect(slot0.inputs).toMatchObject({ endDate: singleSecret.clientSecretExpiresAt, rotateWhenChanged: { generation: "legacy" } });
    expect([slot1.ignoreChanges, slot1.inputs["rotateWhenChanged"]]).toEqual([["displayName"], { generation: "1" }]);
    expect(passwords(up).some((p) => p.deleteBeforeReplace)).toBe(false);
    expect(up.outputs).toMatchObject({
      clientSecret: mockSecretValue("workload-identity-secret-1"),
      previousClientSecretExpiresAt: singleSecret.clientSecretExpiresAt,
      rotationState: { activeSlot: 1, slots: [{ slot: 0, generation: 0, keeper: "legacy", startsAt: null }, { slot: 1, generation: 1 }] },
    });
    expect(up.run.logs).toContainEqual({ level: "info", message: expect.stringContaining("LEGACY_ADOPTED") });
  });

  it("keeps the adopted secret untouched on the next run, then replaces it a full period later", async () => {
    const upgraded = await deploy(T0, singleSecret);
    const next = await deploy(T0 + 30 * DAY, upgraded);
    expect(passwordInputs(next)).toEqual(passwordInputs(upgraded));
    const rotated = await deploy(T0 + 90 * DAY, next);
    expect(password(rotated, "workload-identity-secret").ignoreChanges).toEqual(["displayName"]);
    expect(password(rotated, "workload-identity-secret").inputs["rotateWhenChanged"]).toEqual({ generation: "2" });
    expect(passwordInputs(rotated)["workload-identity-secret-1"]).toEqual(passwordInputs(upgraded)["workload-identity-secret-1"]);
  });
});
