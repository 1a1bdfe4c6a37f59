import { describe, expect, it } from "vitest";
import { renderHuman, summarizeFailures } from "../../verify/render-human.ts";
import { renderJson } from "../../verify/render-json.ts";
import { createProgressLine, formatProgress } from "../../verify/progress-line.ts";
import type { VerifyReport } from "../../verify/types.ts";

const report: VerifyReport = {
  ok: false,
  version: 1,
  startedAt: "2026-03-01T00:00:00.000Z",
  finishedAt: "2026-03-01T00:00:02.000Z",
  target: { tenantId: "t-id", clientId: "c-id", authorityHost: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com", scope: "https://graph.microsoft.com/.default", credential: "secret" },
  checks: [
    { name: "credential", ok: true, status: "pass", durationMs: 0, detail: "client secret present" },
    { name: "token", ok: false, status: "fail", durationMs: 1500, code: "AADSTS7000215", explanation: "Entra ID does not accept the client secret.", fix: "Use the secret value.", correlation: { traceId: "tr-1", correlationId: "co-1" } },
    { name: "secret-expiry", ok: true, status: "warn", durationMs: 0, code: "WARN_SECRET_EXPIRES_SOON", explanation: "Soon.", fix: "Rotate." },
    { name: "claims", ok: true, status: "skip", durationMs: 0, code: "SKIP_NOT_RUN", explanation: "An earlier check failed, so this one could not run.", fix: "Fix the first failing check." },
  ],
  timings: { totalMs: 2000, waitedMs: 1200, tokenRequests: 3, graphRequests: 0 },
  attempts: [],
};

describe("renderers", () => {
  it("render a check table with ✓/✗, durations, and code, explanation, fix and ids under each failure", () => {
    const lines = renderHuman(report).split("\n");
    expect(lines.find((l) => l.includes("credential"))).toMatch(/^ {2}✓ credential +0 ms {2}client secret present$/);
    expect(lines.find((l) => l.includes(" token "))).toMatch(/^ {2}✗ token +1\.5 s$/);
    expect(lines).toContain("      AADSTS7000215: Entra ID does not accept the client secret.");
    expect(lines).toContain("      fix: Use the secret value.");
    expect(lines).toContain("      trace_id tr-1  correlation_id co-1");
    expect(lines.find((l) => l.includes("secret-expiry"))).toMatch(/^ {2}! secret-expiry/);
    expect(lines.find((l) => l.includes("claims"))).toMatch(/^ {2}- claims +— {2}An earlier check failed/);
    expect(lines.at(-2)).toBe("✗ FAIL  1 passed, 1 failed, 1 warning, 1 skipped in 2.0 s (3 token requests, 0 Graph requests, waited 1.2 s)");
  });

  it("summarise only the failed checks, one line each, for logs and error messages", () => {
    expect(summarizeFailures(report)).toBe("token: AADSTS7000215. Entra ID does not accept the client secret. Fix: Use the secret value.");
  });

  it("render JSON that parses back to the same report", () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it("render progress as one self-overwriting line cut to the terminal width", () => {
    const writes: string[] = [];
    const line = createProgressLine({ write: (t: string) => writes.push(t), columns: 40 });
    line.onProgress({ phase: "token", message: "waiting for Entra ID to accept the new client secret (AADSTS7000215)", attempt: 2, waitMs: 1000, elapsedMs: 600, remainingMs: 299_400 });
    line.clear();
    expect(writes[0]!.startsWith("\r\x1b[2K")).toBe(true);
    expect(writes[0]!.length).toBe("\r\x1b[2K".length + 39);
    expect(writes[1]).toBe("\r\x1b[2K");
    expect(formatProgress({ phase: "graph", message: "m", attempt: 1, elapsedMs: 1500, remainingMs: 500 })).toBe("… m (attempt 1; 1.5 s elapsed, 500 ms left)");
  });
});
