// The report for machines: one JSON document (the `--json` contract in DESIGN.md). When no check
// could run (usage or input error, interrupted while reading the inputs, a bug), the CLI prints an
// error document instead, so that stdout parses as JSON whatever the outcome.
import type { InputProblem } from "./errors.ts";
import { explain } from "./explain.ts";
import type { VerifyReport } from "./types.ts";

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface ErrorDocument {
  ok: false;
  version: 1;
  error: {
    /** ERR_USAGE, ERR_VERIFY_INPUT, ERR_ABORTED or ERR_INTERNAL (explained in explain.ts). */
    code: string;
    /** The exit code the CLI ends with. */
    exitCode: number;
    message: string;
    explanation: string;
    fix: string;
    /** For ERR_VERIFY_INPUT: every input that is wrong. */
    problems?: InputProblem[];
  };
}

export function errorDocument(code: string, exitCode: number, message: string, problems?: readonly InputProblem[]): ErrorDocument {
  const { explanation, fix } = explain(code);
  return { ok: false, version: 1, error: { code, exitCode, message, explanation, fix, ...(problems !== undefined ? { problems: [...problems] } : {}) } };
}

export function renderJsonError(doc: ErrorDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
