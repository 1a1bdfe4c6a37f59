// Pure: results → the raw tables of one run (markdown), every figure from that run. What bounds each
// figure, and what it means, is written by hand in BENCHMARKS.md after a run (docs/benchmarks.md).
import { CURL, FLOOR } from "./names.ts";
import { ms, num, range, times } from "./format.ts";
import { OPERATIONS, SUBJECTS, type Baseline, type EngineComparison, type Operation, type Subject } from "./engine-figures.ts";
import type { Summary } from "./stats.ts";
import { LIMITS } from "./verdicts.ts";
import type { Results } from "./results.ts";

export { ms, range } from "./format.ts";

export function renderTables(r: Results): string {
  const m = r.meta;
  const out: string[] = [
    `# Raw results: \`${m.command}\`, ${m.date.slice(0, 16).replace("T", " ")} UTC, ${m.durationS} s`,
    "",
    `- Machine: ${m.machine.cpu}, ${m.machine.cores} cores, ${m.machine.memoryGiB} GiB; ${m.machine.os}, ${m.machine.kernel}; Node ${m.machine.node}`,
    `- Commit ${m.machine.commit}${m.machine.uncommitted.length > 0 ? ` with uncommitted changes in ${m.machine.uncommitted.join(", ")}` : " (clean)"}`,
    `- Load average (1, 5, 15 min): ${m.loadBefore.join(", ")} before, ${m.loadAfter.join(", ")} after` +
      (m.otherCores !== undefined ? `; other processes used ${m.otherCores.toFixed(2)} cores on average` : ""),
    `- Timing: ${m.timingTool}; peak memory: ${m.memoryTool}`,
    "",
    "## Targets",
    "",
    "| target | measured | limit | verdict |",
    "|---|---|---|---|",
    ...r.targets.map((v) => `| ${v.name} | ${fmtUnit(v.measured, v.unit)} | ≤ ${fmtUnit(v.limit, v.unit)} | ${v.pass ? "PASS" : `MISS by ${v.excessPercent.toFixed(v.excessPercent < 10 ? 1 : 0)}%`} |`),
    "",
  ];
  if (r.smoke) out.push(...smokeTables(r));
  if (r.timeToGreen) out.push(...greenTables(r));
  if (r.program) out.push(...programTables(r));
  if (r.capacity) out.push(...capacityTables(r));
  if (r.engine) out.push(...engineTables(r));
  return `${out.join("\n")}\n`;
}

function fmtUnit(x: number, unit: string): string {
  return unit === "×" ? times(x) : `${x.toFixed(2)} ${unit}`;
}

function smokeTables(r: Results): string[] {
  const s = r.smoke!;
  const floor = s.clients.find((c) => c.name === FLOOR)!.time.median;
  const curl = s.clients.find((c) => c.name === CURL)!.time.median;
  return [
    "## 1. Smoke-test cost: one token + one Graph GET, cold process",
    "",
    "| client | requests per run | wall time, median (min–max) | × undici floor | same round / floor, median (min–max) | × curl pair | peak RSS, MiB |",
    "|---|---|---|---|---|---|---|",
    ...s.clients.map((c) => `| ${c.name} | ${c.requests} | ${range(c.time)} | ${times(c.time.median / floor)} | ${range(c.pairedRatioToFloor, times)} | ${times(c.time.median / curl)} | ${c.peakMiB ? range(c.peakMiB, num(0)) : "—"} |`),
    "",
    "### Module load (cold process, no request)",
    "",
    "| what | wall time, median (min–max) | over its baseline |",
    "|---|---|---|",
    ...s.moduleLoad.map((l) => `| ${l.name} | ${range(l.time)} | ${l.overBaselineMs !== undefined ? `${l.overBaselineMs >= 0 ? "+" : "−"}${ms(Math.abs(l.overBaselineMs))} over *${l.baseline}*` : "baseline"} |`),
    "",
    `### Warm, in process: ${s.warm.iterations} iterations after ${s.warm.warmup} warm-up`,
    "",
    "| variant | median (min–max) | × floor (ratio of medians) | paired ratio, median (min–max) |",
    "|---|---|---|---|",
    `| floor: token POST + Graph GET | ${range(s.warm.floor)} | 1.00× | — |`,
    `| \`verifyWorkload(outputs, { dispatcher })\` (defaults) | ${range(s.warm.verify)} | ${times(s.warm.ratio)} | ${range(s.warm.pairedRatio, times)} |`,
    `| the same with \`minRequestIntervalMs: 0\` | ${range(s.warm.verifyUnpaced)} | ${times(s.warm.ratioUnpaced)} | ${range(s.warm.pairedRatioUnpaced, times)} |`,
    "",
  ];
}

function greenTables(r: Results): string[] {
  const g = r.timeToGreen!;
  const lines = [
    "## 2. Time to green after a deploy",
    "",
    `| replication | client | lag to exit, median (min–max) | lag to last request | requests | req/s |`,
    "|---|---|---|---|---|---|",
  ];
  for (const s of g.scenarios) {
    for (const [name, c] of [["verify", s.verify], [`${g.pollIntervalMs / 1000} s loop`, s.pollLoop]] as const) {
      lines.push(`| ${s.kind} ${s.delayMs / 1000} s | ${name} | ${range(c.lagMs)} | ${range(c.lagToLastRequestMs)} | ${range(c.requests, num(0))} | ${range(c.requestsPerSecond, num(2))} |`);
    }
  }
  lines.push("");
  return lines;
}

function programTables(r: Results): string[] {
  const p = r.program!;
  const bare = p.rows.find((x) => x.mode === "bare")!;
  return [
    "## 3. Program cost under Pulumi's mocks",
    "",
    "| variant | resources registered | @pulumi/azure-native files loaded | wall time, median (min–max) | × bare imports | peak RSS, MiB |",
    "|---|---|---|---|---|---|",
    ...p.rows.map((x) => `| ${x.name} | ${x.registered} | ${x.azureNativeFiles} | ${range(x.time)} | ${times(x.time.median / bare.time.median)} | ${x.peakMiB ? range(x.peakMiB, num(0)) : "—"} |`),
    "",
    `Start-up (1 permission) / bare imports: ${times(p.startupRatio)}; all of @pulumi/azure-native would add ${ms(p.azureNativeExtraMs)}; verify/index.ts would add ${ms(p.verifyImportExtraMs)}.`,
    "",
  ];
}

function capacityTables(r: Results): string[] {
  const c = r.capacity!;
  return [
    "## 4. Emulator capacity: token requests per second",
    "",
    "| concurrent clients | tokens/s, median (min–max) | requests | errors | latency p50 | latency p99 | statuses |",
    "|---|---|---|---|---|---|---|",
    ...c.levels.map((l) => `| ${l.concurrency} | ${range(l.perSecond, num(0))} | ${l.requests} | ${l.errors} | ${ms(l.latencyP50Ms)} | ${ms(l.latencyP99Ms)} | ${Object.entries(l.statuses).map(([k, v]) => `${k}: ${v}`).join(", ")} |`),
    "",
  ];
}

const OPERATION_TITLES: Record<Operation, string> = { up: "first `pulumi up` (new stack)", preview: "`pulumi preview`, no changes", destroy: "`pulumi destroy`" };
const BASELINE_NAMES: Record<Baseline, string> = { empty: "empty program", imports: "imports-only program" };
const percent = (x: number): string => `${(x * 100).toFixed(0)}%`;

function engineTables(r: Results): string[] {
  const e = r.engine!;
  const label: Record<Subject, string> = {
    project: `project, ${e.permissions.length} permission${e.permissions.length === 1 ? "" : "s"}`,
    empty: "empty program",
    imports: "imports only (@pulumi/pulumi + @pulumi/azuread)",
  };
  const optional = (x: Summary | undefined) => (x ? range(x) : "—");
  const rows = OPERATIONS.flatMap((op) => SUBJECTS.map((subject) => {
    const f = e.figures[subject][op];
    return `| ${OPERATION_TITLES[op]} | ${label[subject]} | ${range(f.time)} | ${range(f.polling)} | ${range(f.pollingShare, percent)} | ${range(f.graphRequests, num(0))} | ${optional(f.toFirstRequest)} | ${optional(f.afterLastRequest)} | ${range(f.call)} |`;
  }));
  const limits: Record<Operation, string> = { up: `≤ ${times(LIMITS.engineUp)}`, preview: `≤ ${times(LIMITS.enginePreview)}`, destroy: "—" };
  const comparison = (c: EngineComparison) => {
    const name = BASELINE_NAMES[c.baseline];
    const floor = c.pollingMs !== undefined ? `${name}'s ${c.operation} ${ms(c.programMs)} + polling ${ms(c.pollingMs)} = ${ms(c.floorMs)}` : `${name}'s ${c.operation} ${ms(c.floorMs)}`;
    return `| ${OPERATION_TITLES[c.operation]} | ${ms(c.measuredMs)} | ${floor} | ${times(c.ratio)} | ${range(c.pairedRatio, times)} | ${c.baseline === "empty" ? limits[c.operation] : "—"} |`;
  };
  return [
    `## 5. Real engine: ${e.runs} round${e.runs === 1 ? "" : "s"} on new stacks, ${e.permissions.join(", ")}, verifyOnDeploy ${e.verifyOnDeploy}`,
    "",
    `- Pulumi CLI ${e.cli.version} (${e.cli.source === "built" ? "built from source, .pulumi-bin/" : "from PATH"}); ${e.pluginLines.join("; ")}`,
    `- Graph requests the emulator refused (other than polls after a delete): ${e.refusedRequests.length === 0 ? "none" : e.refusedRequests.join(", ")}`,
    "",
    "| operation | program | `pulumi` process, median (min–max) | provider's consistency polling | polling share | Graph requests | spawn → first emulator request | last request → exit | Automation API call |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "### Against the baseline programs (same run, same CLI, language host and backend)",
    "",
    "| operation | project, median | engine floor, medians | ratio of medians | per-round ratio, median (min–max) | target |",
    "|---|---|---|---|---|---|",
    ...OPERATIONS.map((op) => comparison(e.comparisons[op])),
    ...OPERATIONS.map((op) => comparison(e.importsComparisons[op])),
    "",
  ];
}
