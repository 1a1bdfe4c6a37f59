// A connection that never comes up (TCP accepted, TLS handshake never answered) is ended by the
// per-request timeout or the overall deadline, whichever is first, and named as such.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { verifyWorkload } from "../../verify/index.ts";
import { startStallServer, type StallServer } from "./helpers/stall-server.ts";

let stall: StallServer;
beforeAll(async () => {
  stall = await startStallServer();
});
afterAll(() => stall.close());

const outputs = () => ({
  tenantId: "72f988bf-0000-4000-8000-000000000001",
  clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  clientSecret: "abc~defghijklmnopqrstuvwxyz0123456789ABCD",
  authorityHost: stall.origin,
  graphEndpoint: stall.origin,
});

describe.concurrent("a TLS handshake that never completes", () => {
  it("fails each attempt at the per-request timeout with ERR_HTTP_CONNECT_TIMEOUT, and retries it as a network failure", async () => {
    const report = await verifyWorkload(outputs(), { requestTimeoutMs: 200, timeoutMs: 20_000, backoff: { initialMs: 10, maxMs: 20 } });
    const token = report.attempts.filter((a) => a.phase === "token");
    expect(token.map((a) => [a.outcome, a.decision])).toEqual([
      ["ERR_HTTP_CONNECT_TIMEOUT", "retry"],
      ["ERR_HTTP_CONNECT_TIMEOUT", "retry"],
      ["ERR_HTTP_CONNECT_TIMEOUT", "retry"],
      ["ERR_HTTP_CONNECT_TIMEOUT", "fail"],
    ]);
    expect(report.checks.find((c) => c.name === "token")?.detail).toMatch(/within the per-request timeout \(0\.2 s\)/);
  });

  it("is ended by the deadline even through a dispatcher verify does not own (ERR_DEADLINE)", async () => {
    const agent = new Agent({ connect: { timeout: 60_000 } });
    try {
      const report = await verifyWorkload(outputs(), { dispatcher: agent, timeoutMs: 500 });
      expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "ERR_DEADLINE" });
      expect(report.attempts).toHaveLength(1);
    } finally {
      await agent.destroy();
    }
  });

  it("is cancelled by the caller's signal (ERR_ABORTED)", async () => {
    const controller = new AbortController();
    const before = stall.accepted();
    const poll = setInterval(() => {
      if (stall.accepted() > before) controller.abort();
    }, 10);
    try {
      const report = await verifyWorkload(outputs(), { signal: controller.signal });
      expect(report.checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "ERR_ABORTED" });
    } finally {
      clearInterval(poll);
    }
  });
});
