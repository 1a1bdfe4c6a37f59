// Building check results: every non-pass result carries its code with the catalog's explanation and fix.
import { explain } from "./explain.ts";
import type { CheckResult, CheckStatus, Correlation } from "./types.ts";

export interface CheckExtras {
  detail?: string;
  correlation?: Correlation;
  /** Added after the catalog's explanation: what this run observed (attempts, missing names…). */
  note?: string;
  /** Replaces the catalog's fix with one specific to what this run found. */
  fix?: string;
}

export function passed(name: string, durationMs: number, detail?: string, correlation?: Correlation): CheckResult {
  return {
    name,
    ok: true,
    status: "pass",
    durationMs: Math.round(durationMs),
    ...(detail !== undefined ? { detail } : {}),
    ...(correlation !== undefined && hasIds(correlation) ? { correlation } : {}),
  };
}

/** A fail, warn or skip: explained from the catalog entry for `code`. */
export function flagged(name: string, status: Exclude<CheckStatus, "pass">, code: string, durationMs: number, extras: CheckExtras = {}): CheckResult {
  const { explanation, fix: catalogFix } = explain(code);
  const fix = extras.fix ?? catalogFix;
  return {
    name,
    ok: status !== "fail",
    status,
    durationMs: Math.round(durationMs),
    ...(extras.detail !== undefined ? { detail: extras.detail } : {}),
    code,
    explanation: extras.note ? `${explanation} ${extras.note}` : explanation,
    fix,
    ...(extras.correlation !== undefined && hasIds(extras.correlation) ? { correlation: extras.correlation } : {}),
  };
}

export function notRun(name: string, code = "SKIP_NOT_RUN", detail?: string): CheckResult {
  return flagged(name, "skip", code, 0, detail !== undefined ? { detail } : {});
}

function hasIds(c: Correlation): boolean {
  return Object.values(c).some((v) => v !== undefined && v !== "");
}

/** ok = no check failed (warnings and skips do not fail a run). */
export function overallOk(checks: readonly CheckResult[]): boolean {
  return checks.every((c) => c.status !== "fail");
}
