// The report for people: a check table with ✓/✗ and durations, then what to do about each problem.
import type { CheckResult, Correlation, VerifyReport } from "./types.ts";

const SYMBOL = { pass: "✓", fail: "✗", warn: "!", skip: "-" } as const;

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function correlationText(c: Correlation | undefined): string | undefined {
  if (!c) return undefined;
  const parts = [
    c.traceId && `trace_id ${c.traceId}`,
    c.correlationId && `correlation_id ${c.correlationId}`,
    c.requestId && `request-id ${c.requestId}`,
    c.clientRequestId && `client-request-id ${c.clientRequestId}`,
    c.timestamp && `at ${c.timestamp}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join("  ") : undefined;
}

function row(check: CheckResult, nameWidth: number): string[] {
  const duration = check.status === "skip" ? "—" : formatDuration(check.durationMs);
  const lines = [`  ${SYMBOL[check.status]} ${check.name.padEnd(nameWidth)}  ${duration.padStart(8)}  ${check.detail ?? (check.status === "skip" ? (check.explanation ?? "") : "")}`.trimEnd()];
  if (check.status === "fail" || check.status === "warn") {
    const indent = "      ";
    if (check.code) lines.push(`${indent}${check.code}: ${check.explanation ?? ""}`);
    if (check.fix) lines.push(`${indent}fix: ${check.fix}`);
    const ids = correlationText(check.correlation);
    if (ids) lines.push(`${indent}${ids}`);
  }
  return lines;
}

export function renderHuman(report: VerifyReport): string {
  const t = report.target;
  const header = `verify ${t.clientId} in tenant ${t.tenantId} (${t.credential}) — ${t.authorityHost} → ${t.graphEndpoint}`;
  const nameWidth = Math.min(48, Math.max(...report.checks.map((c) => c.name.length), 8));
  const rows = report.checks.flatMap((c) => row(c, nameWidth));
  const count = (status: CheckResult["status"]) => report.checks.filter((c) => c.status === status).length;
  const [passedN, failedN, warnN, skipN] = [count("pass"), count("fail"), count("warn"), count("skip")];
  const parts = [`${passedN} passed`, failedN && `${failedN} failed`, warnN && `${warnN} warning${warnN === 1 ? "" : "s"}`, skipN && `${skipN} skipped`].filter(Boolean);
  const tm = report.timings;
  const traffic = `${tm.tokenRequests} token request${tm.tokenRequests === 1 ? "" : "s"}, ${tm.graphRequests} Graph request${tm.graphRequests === 1 ? "" : "s"}${tm.waitedMs > 0 ? `, waited ${formatDuration(tm.waitedMs)}` : ""}`;
  const summary = `${report.ok ? "✓ PASS" : "✗ FAIL"}  ${parts.join(", ")} in ${formatDuration(tm.totalMs)} (${traffic})`;
  return [header, "", ...rows, "", summary, ""].join("\n");
}

/** One line per failed check (code, explanation, fix): for a log line or an error message, e.g. in the deploy hook. */
export function summarizeFailures(report: VerifyReport): string {
  return report.checks
    .filter((c) => c.status === "fail")
    .map((c) => `${c.name}: ${c.code ?? "failed"}${c.detail ? ` (${c.detail})` : ""}. ${c.explanation ?? ""} Fix: ${c.fix ?? "see the report"}`)
    .join("\n");
}
