// Text of the demo's account: one line per step with its duration, plus short summaries of what a
// run did. Pure; nothing here ever sees a secret (outputs are summarized by their public fields).

import type { VerifyReport } from "../verify/index.ts";
import type { StepRecord } from "./steps.ts";

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

const SHORT_TYPE = /[:/]([A-Za-z]+)$/;

function shortType(type: string): string {
  return SHORT_TYPE.exec(type)?.[1] ?? type;
}

/** "created 2 (ApplicationPassword workload-identity-secret-1, …), updated 1 (Stash …)"; "no changes". */
export function summarizeSteps(steps: readonly StepRecord[]): string {
  const parts: string[] = [];
  for (const op of ["create", "update", "replace", "delete"] as const) {
    const done = steps.filter((s) => !s.component && s.op === op);
    if (done.length === 0) continue;
    const verb = { create: "created", update: "updated", replace: "replaced", delete: "deleted" }[op];
    const names = done.length <= 3 ? ` (${done.map((s) => `${shortType(s.type)} ${s.name}`).join(", ")})` : ` (${countByType(done)})`;
    parts.push(`${verb} ${done.length}${names}`);
  }
  const same = steps.filter((s) => !s.component && s.op === "same").length;
  if (parts.length === 0) return `no changes (${same} unchanged)`;
  return same > 0 ? `${parts.join(", ")}; ${same} unchanged` : parts.join(", ");
}

function countByType(steps: readonly StepRecord[]): string {
  const counts = new Map<string, number>();
  for (const s of steps) counts.set(shortType(s.type), (counts.get(shortType(s.type)) ?? 0) + 1);
  return [...counts].map(([type, n]) => (n === 1 ? type : `${type} ×${n}`)).join(", ");
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
