// The heart of verify: right after a deploy, wait exactly as long as replication takes. The
// emulator rejects a new app/secret, or leaves a new role out of tokens, for a few seconds; verify
// must pass, and its first attempt after the acceptance moment must be the one that succeeds,
// one backoff step after the last rejection (asserted on the emulator's request log, in emulator time).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { backoffCeiling, DEFAULT_BACKOFF } from "../../verify/backoff.ts";
import { verifyWorkload, type AttemptRecord, type ProgressEvent, type Scheduler } from "../../verify/index.ts";
import { outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => fx.close());
afterEach(() => fx.guard.check());

/** Time for one request to leave verify and be logged, plus timer lateness on a busy machine. */
const SCHEDULING_SLACK_MS = 300;

describe.concurrent("waiting for replication", () => {
  it.each([
    { what: "a new secret (AADSTS7000215)", delays: { secretMs: 2_000 }, rejected: "AADSTS7000215", key: "secretMs" as const },
    { what: "a new application (AADSTS700016)", delays: { applicationMs: 1_500 }, rejected: "AADSTS700016", key: "applicationMs" as const },
    { what: "a new role assignment (token without the role)", delays: { roleAssignmentMs: 2_500 }, rejected: "ERR_ROLES_MISSING", key: "roleAssignmentMs" as const },
  ])("passes once $what has replicated, within one backoff step of the acceptance moment", async ({ delays, rejected, key }) => {
    const { tenantId } = fx.emu.control.createTenant();
    fx.emu.control.setReplicationDelays(tenantId, delays);
    const createdFrom = fx.emu.control.now();
    const w = fx.workload(["User.Read.All"], { tenantId });
    const createdTo = fx.emu.control.now();

    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, deployedAt: createdFrom, now: () => fx.emu.control.now() });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);

    const tokenAttempts = report.attempts.filter((a) => a.phase === "token");
    const tokenLog = fx.emu.control.requests().filter((r) => r.route === "token" && r.path.includes(tenantId));
    expect(tokenLog).toHaveLength(tokenAttempts.length);
    expect(tokenAttempts.length).toBeGreaterThan(1);
    expect(tokenAttempts.slice(0, -1).every((a) => a.outcome === rejected && a.decision === "retry" && a.reason === "replicating")).toBe(true);
    expect(tokenAttempts.at(-1)).toMatchObject({ outcome: "ok", decision: "done" });

    const delay = delays[key]!;
    const acceptFrom = createdFrom + delay; // the emulator accepts from some instant in [acceptFrom, acceptTo]
    const acceptTo = createdTo + delay;
    const success = tokenLog.at(-1)!;
    const lastRejected = tokenLog.at(-2)!;
    const before: AttemptRecord = tokenAttempts.at(-2)!;
    // Every rejection came before the acceptance moment, the success after it…
    expect(lastRejected.at).toBeLessThan(acceptTo);
    expect(success.at).toBeGreaterThanOrEqual(acceptFrom);
    // …and it came one backoff step after the last rejection: no oversleeping, no skipped step.
    const step = before.waitMs!;
    expect(step).toBeLessThanOrEqual(backoffCeiling(DEFAULT_BACKOFF.replicating, tokenAttempts.length - 1));
    expect(success.at - acceptFrom).toBeLessThanOrEqual(before.durationMs + step + SCHEDULING_SLACK_MS + (createdTo - createdFrom));
    expect(report.timings.waitedMs).toBe(tokenAttempts.slice(0, -1).reduce((sum, a) => sum + (a.waitMs ?? 0), 0));
  });

  it("waits through all three in turn (app, then secret, then role) and reports what it waited for", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    fx.emu.control.setReplicationDelays(tenantId, { applicationMs: 600, secretMs: 1_200, roleAssignmentMs: 1_800 });
    const w = fx.workload(["User.Read.All"], { tenantId });
    const events: string[] = [];
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, now: () => fx.emu.control.now(), onProgress: (e) => events.push(e.message) });
    fx.guard.output("report", report);
    fx.guard.output("progress", events);
    expect(report.ok).toBe(true);
    const seen = [...new Set(report.attempts.filter((a) => a.phase === "token").map((a) => a.outcome))];
    expect(seen.filter((o) => o !== "ok")).toEqual(expect.arrayContaining(["AADSTS700016"]));
    expect(seen.at(-1)).toBe("ok");
    expect(report.checks.find((c) => c.name === "token")?.detail).toMatch(/waited for AADSTS700016/);
    expect(events.some((m) => m.startsWith("waiting for the new application to replicate"))).toBe(true);
  });

  it("retries a Graph 403 right after consent with a fresh token, then passes", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["Group.Read.All"], { tenantId });
    fx.emu.control.injectFault({ route: "graph", pathPattern: "^/v1\\.0/groups$", kind: "status", status: 403, times: 2 });
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    const graph = report.attempts.filter((a) => a.phase === "graph");
    expect(graph.map((a) => [a.outcome, a.reason])).toEqual([
      ["Authorization_RequestDenied", "replicating"],
      ["Authorization_RequestDenied", "replicating"],
      ["ok", undefined],
    ]);
    expect(report.timings.tokenRequests).toBe(3); // the first token, and a fresh one before each retry
  });
});

/**
 * Verify's time on the emulator's clock: every pause verify takes moves the emulator forward instead
 * of sleeping, so minutes of replication pass in well under a second (requests still take real time).
 */
function emulatorTime(emu: Emulator): Scheduler {
  let skipped = 0;
  return {
    now: () => performance.now() + skipped,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      skipped += ms;
      emu.control.advanceClock(ms);
      await Promise.resolve();
    },
  };
}

describe("the replication window starts when the secret was created (clientSecretCreatedAt)", () => {
  // One emulator per test: these move its clock by minutes.
  async function secretCreatedBeforeTheRun(agoMs: number, secretMs: number) {
    const own = await startFixture();
    const { tenantId } = own.emu.control.createTenant();
    own.emu.control.setReplicationDelays(tenantId, { secretMs });
    const w = own.workload(["User.Read.All"], { tenantId });
    own.emu.control.advanceClock(agoMs);
    return { own, w };
  }

  it("waits for a secret created 30 s before the run against a 120 s replication delay, and passes", async () => {
    const { own, w } = await secretCreatedBeforeTheRun(30_000, 120_000);
    try {
      const createdAt = Date.parse(w.clientSecretCreatedAt);
      const events: ProgressEvent[] = [];
      const report = await verifyWorkload(
        { ...outputsFor(own.emu, w), clientSecretCreatedAt: w.clientSecretCreatedAt },
        { dispatcher: own.dispatcher, now: () => own.emu.control.now(), scheduler: emulatorTime(own.emu), onProgress: (e) => events.push(e) },
      );
      own.guard.output("report", report);
      expect(report.ok).toBe(true);
      const token = report.attempts.filter((a) => a.phase === "token");
      expect(token.slice(0, -1).every((a) => a.outcome === "AADSTS7000215" && a.reason === "replicating")).toBe(true);
      expect(token.at(-1)).toMatchObject({ outcome: "ok", decision: "done" });
      // Accepted once 120 s had passed since the secret was created, not before.
      const log = own.emu.control.requests().filter((r) => r.route === "token");
      expect(log.at(-2)!.at).toBeLessThan(createdAt + 120_000);
      expect(log.at(-1)!.at).toBeGreaterThanOrEqual(createdAt + 120_000);
      // While waiting, "left" is the window (180 s from creation, 150 s from the start), not the 300 s deadline.
      const waits = events.filter((e) => e.waitMs !== undefined);
      expect(waits[0]!.remainingMs).toBeLessThanOrEqual(150_000);
      expect(waits[0]!.remainingMs).toBeGreaterThan(140_000);
    } finally {
      await own.close();
    }
  });

  it("without clientSecretCreatedAt the same wait fails: the 60 s window counts from the start of the run", async () => {
    const { own, w } = await secretCreatedBeforeTheRun(30_000, 120_000);
    try {
      const report = await verifyWorkload(outputsFor(own.emu, w), { dispatcher: own.dispatcher, now: () => own.emu.control.now(), scheduler: emulatorTime(own.emu) });
      own.guard.output("report", report);
      expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "AADSTS7000215" });
      expect(report.checks.find((c) => c.name === "token")?.explanation).toMatch(/replication window of 60 s from the start of this run/);
    } finally {
      await own.close();
    }
  });
});
