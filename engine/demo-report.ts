// Text of the demo's account: one line per step with its duration, plus short summaries of what a
// run did. Pure; nothing here ever sees a secret (outputs are summarized by their public fields).

import type { VerifyReport } from "../verify/index.ts";

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** " 2. provision stack dev", printed when a step starts (what happens during it comes below). */
export function stepHeader(n: number, title: string): string {
  return `${String(n).padStart(2)}. ${title}`;
}

/** "    ✓   1.9 s  created 6 (…)", printed when it ends. */
export function stepResult(ok: boolean, ms: number, detail: string): string {
  return `    ${ok ? "✓" : "✗"} ${seconds(ms).padStart(7)}  ${detail}`.trimEnd();
}

/** Pulumi's change summary (`UpResult.summary.resourceChanges`) in a fixed order: "create 2, same 5". */
export function summarizeChanges(changes: Readonly<Record<string, number>> | undefined): string {
  const order = ["create", "update", "replace", "delete", "read", "same"];
  const counted = Object.entries(changes ?? {}).filter(([, n]) => n > 0);
  const rank = (op: string): number => (order.includes(op) ? order.indexOf(op) : order.length);
  counted.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return counted.length > 0 ? counted.map(([op, n]) => `${op} ${n}`).join(", ") : "no resources";
}

/** "✓ 7 checks passed (1 token request, 2 Graph requests, waited 0.0 s)" or the failed checks. */
export function summarizeVerify(report: VerifyReport): string {
  const failed = report.checks.filter((c) => c.status === "fail");
  const warned = report.checks.filter((c) => c.status === "warn").length;
  const t = report.timings;
  const traffic = `${t.tokenRequests} token, ${t.graphRequests} Graph request${t.graphRequests === 1 ? "" : "s"}${t.waitedMs > 0 ? `, waited ${seconds(t.waitedMs)} for replication` : ""}`;
  if (report.ok) return `✓ ${report.checks.length} checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? "" : "s"})` : ""}; ${traffic}`;
  return `✗ ${failed.map((c) => `${c.name}: ${c.code ?? "failed"}`).join("; ")}; ${traffic}`;
}

/** Public fields of the outputs that tell the story of a rotation. */
export function summarizeOutputs(outputs: Readonly<Record<string, unknown>>): string {
  const keyId = typeof outputs["clientSecretKeyId"] === "string" ? `${outputs["clientSecretKeyId"].slice(0, 8)}…` : "?";
  const parts = [`active secret key id ${keyId} (expires ${day(outputs["clientSecretExpiresAt"])})`];
  if (outputs["previousClientSecretExpiresAt"] !== undefined) parts.push(`previous expires ${day(outputs["previousClientSecretExpiresAt"])}`);
  if (outputs["nextRotationAt"] !== undefined) parts.push(`next rotation ${day(outputs["nextRotationAt"])}`);
  return parts.join(", ");
}

function day(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 10) : "?";
}
