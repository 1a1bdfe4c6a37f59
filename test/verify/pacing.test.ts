// Request pacing: a retry's requests keep the rate floor (`minRequestIntervalMs`), the first pass
// (a token, then one Graph read per probe) is sent without a pause, and no more than REQUEST_BURST
// requests ever start within REQUEST_BURST × the floor. Asserted on the waits verify schedules: it
// runs on a virtual clock that only its own pauses move (requests take no virtual time), so each
// request's start is exactly what pacing decided, whatever the machine's load.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REQUEST_BURST, verifyWorkload, type Scheduler } from "../../verify/index.ts";
import { outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => fx.close());
afterEach(() => fx.guard.check());

/** A clock that advances only when verify sleeps, by exactly what it asked for. */
function virtualClock(): Scheduler & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      now += ms;
    },
  };
}

// One after another: faults and the request log are emulator-wide.
describe("request pacing", () => {
  beforeEach(() => fx.emu.control.clearRequests());

  it("sends the first pass without a pause: a token and three probes back to back, whatever the rate floor", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All", "Group.Read.All"], { tenantId });
    const clock = virtualClock();
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, probes: ["GET /v1.0/users?$top=2"], minRequestIntervalMs: 60_000, timeoutMs: 20_000, scheduler: clock });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    expect(report.attempts.map((a) => [a.phase, a.decision, a.startMs])).toEqual([
      ["token", "done", 0],
      ["graph", "done", 0],
      ["graph", "done", 0],
      ["graph", "done", 0],
    ]);
    expect(report.attempts).toHaveLength(REQUEST_BURST);
    expect(clock.slept).toEqual([]);
    expect(fx.emu.control.requests().filter((r) => r.route === "token" || r.route === "graph")).toHaveLength(REQUEST_BURST);
    expect(report.timings).toMatchObject({ tokenRequests: 1, graphRequests: 3, waitedMs: 0 });
  });

  it("paces a retry: the fresh token and the Graph call of a retried 403 each start a full floor after the request before", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["Group.Read.All"], { tenantId });
    fx.emu.control.injectFault({ route: "graph", pathPattern: "^/v1\\.0/groups$", kind: "status", status: 403, times: 1 });
    const floorMs = 700;
    const clock = virtualClock();
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, minRequestIntervalMs: floorMs, backoff: { initialMs: 10, maxMs: 10 }, scheduler: clock });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    const log = fx.emu.control.requests().filter((r) => r.route === "token" || r.route === "graph");
    expect(log.map((r) => [r.route, r.status])).toEqual([
      ["token", 200],
      ["graph", 403],
      ["token", 200],
      ["graph", 200],
    ]);
    // The backoff asked for 10 ms; the floor holds before the retry's token, and again between that
    // token and the Graph call it is for.
    expect(report.attempts.find((a) => a.decision === "retry")).toMatchObject({ reason: "replicating", waitMs: floorMs });
    // Two pauses of a full floor each: before the fresh token, and between it and its Graph call.
    expect(clock.slept).toEqual([floorMs, floorMs]);
    expect(report.attempts.map((a) => a.startMs)).toEqual([0, 0, floorMs]);
    expect(report.timings).toMatchObject({ tokenRequests: 2, graphRequests: 2 });
  });

  it("keeps a larger first pass to REQUEST_BURST requests per REQUEST_BURST floors", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All", "Group.Read.All"], { tenantId });
    const floorMs = 300;
    const report = await verifyWorkload(outputsFor(fx.emu, w), {
      dispatcher: fx.dispatcher,
      probes: ["GET /v1.0/users?$top=2", "GET /v1.0/users?$top=3", "GET /v1.0/groups?$top=2"],
      minRequestIntervalMs: floorMs,
      scheduler: virtualClock(),
    });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    const starts = report.attempts.map((a) => a.startMs);
    expect(starts).toHaveLength(REQUEST_BURST + 2);
    // Any REQUEST_BURST + 1 consecutive requests span at least REQUEST_BURST floors; the first REQUEST_BURST none.
    expect(starts.slice(0, REQUEST_BURST)).toEqual(Array.from({ length: REQUEST_BURST }, () => 0));
    for (let i = REQUEST_BURST; i < starts.length; i++) expect(starts[i]! - starts[i - REQUEST_BURST]!).toBeGreaterThanOrEqual(REQUEST_BURST * floorMs);
  });
});
