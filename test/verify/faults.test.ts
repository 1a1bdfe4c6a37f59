// Every fault the emulator can inject, on the token endpoint and on Graph: a passing fault is
// retried away; a lasting one ends in a failed check that names it, never later than the deadline.
import { describe, expect, it } from "vitest";
import type { FaultSpec } from "../../emulator/index.ts";
import { verifyWorkload, type VerifyOptions, type VerifyReport } from "../../verify/index.ts";
import { outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";

type FaultKindSpec = { [K in FaultSpec["kind"]]: Omit<Extract<FaultSpec, { kind: K }>, "route" | "times" | "skip" | "pathPattern"> }[FaultSpec["kind"]];

// One emulator per test (the tests run concurrently and faults are emulator-wide), closed by the test itself.
async function withFixture<T>(body: (fx: VerifyFixture) => Promise<T>): Promise<T> {
  const fx = await startFixture();
  try {
    const result = await body(fx);
    fx.guard.check();
    return result;
  } finally {
    await fx.close();
  }
}

function runWithFault(route: "token" | "graph", fault: FaultKindSpec, times: number, options: VerifyOptions): Promise<{ report: VerifyReport }> {
  return withFixture(async (fx) => {
    const w = fx.workload(["User.Read.All"]);
    fx.emu.control.injectFault({ route, times, ...fault } as FaultSpec);
    const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, ...options });
    fx.guard.output("report", report);
    return { report };
  });
}

// Small pauses keep the suite fast; the per-request timeout is what a latency fault runs into (with
// room for a loaded CI machine), and the deadline leaves room for every transient retry of it.
const FAST: VerifyOptions = { backoff: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 1_000, timeoutMs: 6_000 };
const SLOW_MS = 4_000;

const FAULTS: Array<{ name: string; fault: FaultKindSpec; token: string; graph: string }> = [
  { name: "503 with Retry-After", fault: { kind: "status", status: 503, retryAfterSeconds: 1 }, token: "AADSTS90033", graph: "ServiceUnavailable" },
  { name: "429 with Retry-After", fault: { kind: "status", status: 429, retryAfterSeconds: 1 }, token: "AADSTS90055", graph: "TooManyRequests" },
  { name: "500 without Retry-After", fault: { kind: "status", status: 500 }, token: "AADSTS90033", graph: "InternalServerError" },
  { name: "latency beyond the per-request timeout", fault: { kind: "latency", ms: SLOW_MS }, token: "ERR_HTTP_TIMEOUT", graph: "ERR_HTTP_TIMEOUT" },
  { name: "connection reset", fault: { kind: "reset" }, token: "ERR_HTTP_RESET", graph: "ERR_HTTP_RESET" },
  { name: "malformed JSON", fault: { kind: "malformed-json" }, token: "ERR_HTTP_BAD_JSON", graph: "ERR_HTTP_BAD_JSON" },
  { name: "truncated body", fault: { kind: "truncated" }, token: "ERR_HTTP_TRUNCATED", graph: "ERR_HTTP_TRUNCATED" },
  { name: "HTML error page", fault: { kind: "html" }, token: "ERR_HTTP_STATUS", graph: "ERR_HTTP_STATUS" },
];

describe.concurrent("faults", () => {
  describe.each(["token", "graph"] as const)("on the %s route", (route) => {
    it.each(FAULTS)("retries a single $name and passes", async ({ fault, token, graph }) => {
      const { report } = await runWithFault(route, fault, 1, FAST);
      expect(report.ok).toBe(true);
      const phase = report.attempts.filter((a) => a.phase === route);
      expect(phase.map((a) => a.outcome)).toEqual([route === "token" ? token : graph, "ok"]);
      // 429 and 5xx (an HTML error page is a 502) are the service asking for room: "throttled".
      if (fault.kind === "status" || fault.kind === "html") {
        expect(phase[0]).toMatchObject({ reason: "throttled" });
        if (fault.kind === "status" && fault.retryAfterSeconds !== undefined) expect(phase[0]!.waitMs).toBeGreaterThanOrEqual(fault.retryAfterSeconds * 1000);
      } else {
        expect(phase[0]).toMatchObject({ reason: "transient" });
      }
    });

    it.each(FAULTS)("fails on a lasting $name with its code, before the deadline", async ({ fault, token, graph }) => {
      // 429 and 5xx are retried until the deadline, and every attempt of a lasting latency times out:
      // a shorter deadline, or a shorter per-request timeout, keeps these cases short. The deadline
      // leaves room for the token and the first Graph answer on a machine busy with the whole suite
      // (at 2.5 s a run in CI reached its deadline before Graph had answered once: ERR_DEADLINE).
      const throttled = fault.kind === "status" || fault.kind === "html";
      const options = throttled ? { ...FAST, timeoutMs: 5_000 } : fault.kind === "latency" ? { ...FAST, requestTimeoutMs: 500 } : FAST;
      const { report } = await runWithFault(route, fault, -1, options);
      const failed = report.checks.filter((c) => c.status === "fail");
      expect(failed).toHaveLength(1);
      const expected = route === "token" ? token : graph;
      expect(failed[0]!.name).toBe(route === "token" ? "token" : "probe GET /v1.0/users?$top=1&$select=id");
      expect(failed[0]!.code).toBe(expected);
      expect(failed[0]!.explanation).toBeTruthy();
      expect(failed[0]!.fix).toBeTruthy();
      // "Never hangs": the run ends by its deadline (plus winding down one request, with a margin for a
      // loaded machine); a lasting fault would otherwise hold it forever.
      expect(report.timings.totalMs).toBeLessThanOrEqual(options.timeoutMs! + 3_000);
    });
  });

  it("stops at the overall deadline when a response is slower than the deadline itself (ERR_DEADLINE)", async () => {
    const { report } = await runWithFault("token", { kind: "latency", ms: 5_000 }, -1, { timeoutMs: 1_000 });
    expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "ERR_DEADLINE" });
    // The deadline ended it, not the 5 s answer (the margin is for a loaded machine).
    expect(report.timings.totalMs).toBeLessThan(4_500);
  });

  it("gives up at once when Retry-After lies beyond the deadline, and says so", async () => {
    const { report } = await runWithFault("token", { kind: "status", status: 429, retryAfterSeconds: 60 }, -1, { timeoutMs: 2_000 });
    const token = report.checks.find((c) => c.name === "token")!;
    expect(token).toMatchObject({ status: "fail", code: "AADSTS90055" });
    expect(token.explanation).toMatch(/retry after 60 s, beyond the deadline/);
    expect(report.timings.tokenRequests).toBe(1);
  });

  it("can be cancelled with an AbortSignal while waiting (ERR_ABORTED)", async () => {
    const controller = new AbortController();
    await withFixture(async (fx) => {
      const w = fx.workload(["User.Read.All"]);
      fx.emu.control.injectFault({ route: "token", kind: "latency", ms: 5_000, times: -1 });
      setTimeout(() => controller.abort(), 300);
      const report = await verifyWorkload(outputsFor(fx.emu, w), { dispatcher: fx.dispatcher, signal: controller.signal });
      fx.guard.output("report", report);
      expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "ERR_ABORTED" });
    });
  });
});
