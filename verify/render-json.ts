// The report for machines: one JSON document (the `--json` contract in DESIGN.md).
import type { VerifyReport } from "./types.ts";

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
