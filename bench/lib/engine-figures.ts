// Pure: the engine section's raw samples (bench/children/engine-run.ts) → its figures. Every ratio
// is against a baseline program measured in the same run: ratio of medians, plus the per-round
// paired ratios (each round ran the project and the baselines one after the other). The targets are
// judged against the empty program; the second baseline, which only imports the SDKs, says how much
// of the difference any azuread program would pay.
import type { PollSpan } from "./consistency-polling.ts";
import { pairedRatios, ratio, summarize, type Summary } from "./stats.ts";

export const OPERATIONS = ["up", "preview", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];
/** project: infra/; empty: bench/peers/empty-program/; imports: bench/peers/imports-program/. */
export const SUBJECTS = ["project", "empty", "imports"] as const;
export type Subject = (typeof SUBJECTS)[number];
export type Baseline = Exclude<Subject, "project">;

/** One timed operation of one stack. */
export interface EngineSample {
  /** Wall time of the `pulumi <operation>` process (what a user's command costs). */
  cliMs: number;
  /** The whole Automation API call: the process above plus its follow-up `pulumi stack …` reads. */
  callMs: number;
  /** Wall time covered by the provider's consistency polling (consistency-polling.ts). */
  pollingMs: number;
  /** The same spans added up (larger when parallel polls overlapped). */
  pollingSumMs: number;
  graphRequests: number;
  /** From the `pulumi` process's spawn to the emulator's first request (metadata, token or Graph): CLI, language host, program and provider start-up. Absent without requests. */
  toFirstRequestMs?: number;
  /** From the emulator's last request to the process's exit: the checkpoint written, plugins shut down. */
  afterLastRequestMs?: number;
  spans: Array<Pick<PollSpan, "kind" | "path" | "durationMs" | "reads">>;
}

export interface PluginRecord {
  kind: string;
  version?: string;
  origin: string;
}

/** What the child prints: one JSON line. */
export interface EngineRaw {
  cli: { version: string; source: string };
  provider: PluginRecord;
  languageHost: PluginRecord;
  /** describePlugins' two lines, as printed to stderr. */
  pluginLines: string[];
  permissions: string[];
  verifyOnDeploy: string;
  runs: number;
  samples: Record<Subject, Record<Operation, EngineSample[]>>;
  /** Graph requests the emulator refused, other than polls after a delete ("METHOD path → status"). */
  refusedRequests: string[];
}

export interface EngineFigure {
  time: Summary;
  call: Summary;
  polling: Summary;
  /** pollingMs / cliMs of each run (0–1). */
  pollingShare: Summary;
  graphRequests: Summary;
  /** Present when every run of the operation made requests. */
  toFirstRequest?: Summary;
  afterLastRequest?: Summary;
}

export interface EngineComparison {
  operation: Operation;
  baseline: Baseline;
  /** Median of the project's operation. */
  measuredMs: number;
  /** Median of the baseline program's operation. */
  programMs: number;
  /** Median of the project's consistency polling, when it is part of the floor. */
  pollingMs?: number;
  /** programMs (+ pollingMs): the engine floor. */
  floorMs: number;
  /** measuredMs / floorMs. */
  ratio: number;
  /** Per round: project / (baseline + that round's polling). */
  pairedRatio: Summary;
}

export interface EngineResult extends EngineRaw {
  figures: Record<Subject, Record<Operation, EngineFigure>>;
  /** Against the empty program (the targets): up and destroy with the provider's polling added to the floor, preview without. */
  comparisons: Record<Operation, EngineComparison>;
  /** The same against the program that only imports @pulumi/pulumi and @pulumi/azuread. */
  importsComparisons: Record<Operation, EngineComparison>;
}

function optional(values: ReadonlyArray<number | undefined>): Summary | undefined {
  return values.length > 0 && values.every((v) => v !== undefined) ? summarize(values as number[]) : undefined;
}

function figure(samples: readonly EngineSample[]): EngineFigure {
  const toFirstRequest = optional(samples.map((s) => s.toFirstRequestMs));
  const afterLastRequest = optional(samples.map((s) => s.afterLastRequestMs));
  return {
    time: summarize(samples.map((s) => s.cliMs)),
    call: summarize(samples.map((s) => s.callMs)),
    polling: summarize(samples.map((s) => s.pollingMs)),
    pollingShare: summarize(samples.map((s) => s.pollingMs / s.cliMs)),
    graphRequests: summarize(samples.map((s) => s.graphRequests)),
    ...(toFirstRequest ? { toFirstRequest } : {}),
    ...(afterLastRequest ? { afterLastRequest } : {}),
  };
}

/** Which operations add the provider's polling to the floor: a no-op preview must not poll, so its floor is the baseline's preview alone. */
const FLOOR_ADDS_POLLING: Record<Operation, boolean> = { up: true, preview: false, destroy: true };

function compare(raw: EngineRaw, figures: EngineResult["figures"], operation: Operation, baseline: Baseline): EngineComparison {
  const project = raw.samples.project[operation];
  const measuredMs = figures.project[operation].time.median;
  const programMs = figures[baseline][operation].time.median;
  const addPolling = FLOOR_ADDS_POLLING[operation];
  const pollingMs = addPolling ? figures.project[operation].polling.median : undefined;
  const floorMs = programMs + (pollingMs ?? 0);
  const floors = raw.samples[baseline][operation].map((b, i) => b.cliMs + (addPolling ? project[i]!.pollingMs : 0));
  return {
    operation, baseline, measuredMs, programMs, ...(pollingMs !== undefined ? { pollingMs } : {}), floorMs,
    ratio: ratio(measuredMs, floorMs),
    pairedRatio: pairedRatios(project.map((p) => p.cliMs), floors),
  };
}

const byOperation = <T>(f: (op: Operation) => T): Record<Operation, T> => Object.fromEntries(OPERATIONS.map((op) => [op, f(op)])) as Record<Operation, T>;

export function engineFigures(raw: EngineRaw): EngineResult {
  const figures = Object.fromEntries(SUBJECTS.map((s) => [s, byOperation((op) => figure(raw.samples[s][op]))])) as EngineResult["figures"];
  return {
    ...raw,
    figures,
    comparisons: byOperation((op) => compare(raw, figures, op, "empty")),
    importsComparisons: byOperation((op) => compare(raw, figures, op, "imports")),
  };
}
