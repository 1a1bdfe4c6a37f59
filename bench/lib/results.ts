// The shape of bench/results.json: everything BENCHMARKS.md is rendered from.
import type { MachineInfo } from "./machine.ts";
import type { Verdict } from "./targets.ts";
import type { CapacityResult } from "../sections/capacity.ts";
import type { EngineResult } from "../sections/engine.ts";
import type { GreenResult } from "../sections/time-to-green.ts";
import type { ProgramResult } from "../sections/program.ts";
import type { SmokeResult } from "../sections/smoke.ts";

export interface RunMeta {
  /** ISO time the run started. */
  date: string;
  /** The exact command that produced the results. */
  command: string;
  durationS: number;
  machine: MachineInfo;
  /** Load averages (1, 5, 15 min) when the run started and ended. */
  loadBefore: number[];
  loadAfter: number[];
  /** Average cores that other processes kept busy during the run (Linux /proc accounting), when known. */
  otherCores?: number;
  timingTool: string;
  memoryTool: string;
  settings: Record<string, unknown>;
}

export interface Results {
  meta: RunMeta;
  smoke?: SmokeResult;
  timeToGreen?: GreenResult;
  program?: ProgramResult;
  capacity?: CapacityResult;
  engine?: EngineResult;
  targets: Verdict[];
}
