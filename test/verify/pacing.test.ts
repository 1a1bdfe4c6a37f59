// Request pacing: a retry's requests keep the rate floor (`minRequestIntervalMs`), the first pass
// (a token, then one Graph read per probe) is sent without a pause, and no more than REQUEST_BURST
// requests ever start within REQUEST_BURST × the floor. Asserted on the emulator's request log
// (arrival times on its clock), with floors long enough that a pause could not go unnoticed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REQUEST_BURST, verifyWorkload } from "../../verify/index.ts";
import { outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => fx.close());
afterEach(() => fx.guard.check());

/** Timers never fire early, but the emulator logs in whole ms of Date.now and verify times with performance.now. */
const CLOCK_SLACK_MS = 5;

// One after another: faults and the request log are emulator-wide.
describe("request pacing", () => {
  beforeEach(() => fx.emu.control.clearRequests());

  it("sends the first pass without a pause: a token and three probes back to back, whatever the rate floor", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All", "Group.Read.All"], { tenantId });
    // A floor of a minute and a deadline of 20 s: one pause anywhere would end the run in ERR_DEADLINE.
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, probes: ["GET /v1.0/users?$top=2"], minRequestIntervalMs: 60_000, timeoutMs: 20_000 });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    expect(report.attempts.map((a) => [a.phase, a.decision])).toEqual([
      ["token", "done"],
      ["graph", "done"],
      ["graph", "done"],
      ["graph", "done"],
    ]);
    expect(report.attempts).toHaveLength(REQUEST_BURST);
    expect(fx.emu.control.requests().filter((r) => r.route === "token" || r.route === "graph")).toHaveLength(REQUEST_BURST);
    expect(report.timings).toMatchObject({ tokenRequests: 1, graphRequests: 3, waitedMs: 0 });
  });

  it("paces a retry: the fresh token and the Graph call of a retried 403 each start a full floor after the request before", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["Group.Read.All"], { tenantId });
    fx.emu.control.injectFault({ route: "graph", pathPattern: "^/v1\\.0/groups$", kind: "status", status: 403, times: 1 });
    const floorMs = 700;
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, minRequestIntervalMs: floorMs, backoff: { initialMs: 10, maxMs: 10 } });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    const log = fx.emu.control.requests().filter((r) => r.route === "token" || r.route === "graph");
    expect(log.map((r) => [r.route, r.status])).toEqual([
      ["token", 200],
      ["graph", 403],
      ["token", 200],
      ["graph", 200],
    ]);
    const [, rejected, refresh, retried] = log as [unknown, { at: number }, { at: number }, { at: number }];
    // The backoff asked for 10 ms; the floor holds before the retry's token…
    expect(report.attempts.find((a) => a.decision === "retry")).toMatchObject({ reason: "replicating", waitMs: floorMs });
    expect(refresh.at - rejected.at).toBeGreaterThanOrEqual(floorMs - CLOCK_SLACK_MS);
    // …and again between that token and the Graph call it is for.
    expect(retried.at - refresh.at).toBeGreaterThanOrEqual(floorMs - CLOCK_SLACK_MS);
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
    });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    const log = fx.emu.control.requests().filter((r) => r.route === "token" || r.route === "graph");
    expect(log).toHaveLength(REQUEST_BURST + 2);
    // Any REQUEST_BURST + 1 consecutive requests span at least REQUEST_BURST floors.
    for (let i = REQUEST_BURST; i < log.length; i++) {
      expect(log[i]!.at - log[i - REQUEST_BURST]!.at).toBeGreaterThanOrEqual(REQUEST_BURST * floorMs - CLOCK_SLACK_MS);
    }
  });
});
