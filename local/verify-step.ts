// Verify after a local update: what the program's `verifyOnDeploy` hook does in a real `pulumi up`,
// which never runs under mocks. Uses the verify library as is, against the emulator.

import { summarizeFailures, verifyWorkload, type StackOutputs, type VerifyOptions, type VerifyReport } from "../verify/index.ts";
import type { RunnerTarget } from "./session.ts";

export type VerifyMode = "fail" | "warn" | "off";

export interface VerifyOutcome {
  readonly mode: VerifyMode;
  readonly report: VerifyReport;
  /** One line per failed check (no secret, no token). */
  readonly summary: string;
}

export function verifyMode(value: string | undefined): VerifyMode {
  return value === "fail" || value === "off" ? value : "warn";
}

export async function runVerify(outputs: Record<string, unknown>, target: RunnerTarget, mode: VerifyMode, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const report = await verifyWorkload(outputs as unknown as StackOutputs, {
    ...options,
    dispatcher: target.dispatcher,
    now: target.now,
    // The credentials just changed: verify waits out replication from now on the emulator's clock.
    deployedAt: options.deployedAt ?? target.now(),
  });
  return { mode, report, summary: summarizeFailures(report) };
}
