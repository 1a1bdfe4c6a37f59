// `npm run bench`: every benchmark in one run, against the emulator over HTTPS on loopback. Writes
// the raw results (bench/results/<date>.json, git-ignored) and their tables (bench/results/latest.md,
// also printed); BENCHMARKS.md is written by hand from them (docs/benchmarks.md). The only file of
// bench/ that reads argv, prints and exits. Progress goes to stderr; nothing printed holds a secret.
//
//   npm run bench                      the full run (about 12–14 minutes on 2 cores)
//   npm run bench -- --quick           fewer runs, shorter delays: checks the machinery
//   npm run bench -- --only smoke,program   some sections only
//   npm run bench -- --only engine     the real Pulumi engine only (about 4 minutes on the real provider)
//   npm run bench -- --render FILE     the tables of a results file again, without measuring
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "./lib/emulator-process.ts";
import { cpuSnapshot, otherCores } from "./lib/cpu-share.ts";
import { loadAverages, machineInfo } from "./lib/machine.ts";
import { FLOOR } from "./lib/names.ts";
import { GNU_TIME, GNU_TIME_INSTALL_HINT, hasGnuTime } from "./lib/peak-memory.ts";
import { detectHyperfine, HYPERFINE_INSTALL_HINT } from "./lib/process-timing.ts";
import { renderTables } from "./lib/tables.ts";
import type { Results } from "./lib/results.ts";
import { targetsFrom } from "./lib/verdicts.ts";
import { verdictText } from "./lib/targets.ts";
import { runCapacity } from "./sections/capacity.ts";
import { runEngine } from "./sections/engine.ts";
import { runProgramCost } from "./sections/program.ts";
import { runSmoke } from "./sections/smoke.ts";
import { runTimeToGreen } from "./sections/time-to-green.ts";

const SECTIONS = ["smoke", "program", "green", "capacity", "engine"] as const;
type Section = (typeof SECTIONS)[number];

const FULL = {
  smoke: { runs: 15, warmup: 2, memoryRuns: 3, warmIterations: 30, warmWarmup: 10 },
  green: { replicates: 5, delaysMs: [5_000, 30_000] },
  program: { sizes: [1, 10, 50], runs: 8, warmup: 1, memoryRuns: 3 },
  capacity: { concurrency: [1, 8, 64], rounds: 3, durationMs: 5_000, warmupMs: 1_000 },
  engine: { runs: 3 },
};
const QUICK = {
  smoke: { runs: 3, warmup: 1, memoryRuns: 1, warmIterations: 5, warmWarmup: 2 },
  green: { replicates: 2, delaysMs: [3_000] },
  program: { sizes: [1, 10], runs: 3, warmup: 1, memoryRuns: 1 },
  capacity: { concurrency: [1, 8], rounds: 1, durationMs: 1_000, warmupMs: 300 },
  engine: { runs: 1 },
};

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, only: { type: "string" }, render: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write("Usage: npm run bench [-- --quick] [-- --only smoke,program,green,capacity,engine] [-- --render RESULTS.json]\n");
    return 0;
  }
  if (values.render !== undefined) {
    process.stdout.write(renderTables(JSON.parse(await readFile(values.render, "utf8")) as Results));
    return 0;
  }
  const only = values.only?.split(",").map((s) => s.trim()) ?? [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    log(`bench: unknown section(s) ${unknown.join(", ")}; sections are ${SECTIONS.join(", ")}`);
    return 2;
  }
  const wanted = (s: Section) => only.includes(s);
  const settings = values.quick ? QUICK : FULL;
  const repoRoot = fileURLToPath(new URL("..", import.meta.url));
  const started = new Date();
  const t0 = performance.now();

  const tool = await detectHyperfine();
  if (!tool.hyperfine) log(`bench: ${HYPERFINE_INSTALL_HINT}`);
  const gnuTime = await hasGnuTime();
  if (!gnuTime) log(`bench: ${GNU_TIME_INSTALL_HINT}`);
  const loadBefore = loadAverages();
  log(`bench: ${tool.label}; peak memory ${gnuTime ? `with ${GNU_TIME} -f %M` : "not measured"}; load average ${loadBefore.join(" ")}`);

  const cpuBefore = await cpuSnapshot();
  const results: Omit<Results, "meta" | "targets"> = {};
  // The shared emulator process serves sections 1 and 4 only (2 and 5 start their own): not started for nothing.
  const emulator = wanted("smoke") || wanted("capacity") ? await startEmulatorProcess(repoRoot) : undefined;
  try {
    if (wanted("smoke")) {
      log("1. smoke-test cost");
      results.smoke = await runSmoke(emulator!, { repoRoot, tool, gnuTime, ...settings.smoke }, log);
    }
    if (wanted("program")) {
      log("3. program cost under Pulumi mocks");
      results.program = await runProgramCost({ repoRoot, tool, gnuTime, ...settings.program }, log);
    }
    if (wanted("green")) {
      log("2. time to green");
      results.timeToGreen = await runTimeToGreen({ repoRoot, kinds: ["secret", "role"], pollIntervalMs: 10_000, ...settings.green }, log);
    }
    if (wanted("capacity")) {
      log("4. emulator capacity");
      results.capacity = await runCapacity(emulator!, { repoRoot, ...settings.capacity }, log);
    }
    if (wanted("engine")) {
      log("5. real Pulumi engine");
      results.engine = await runEngine({ repoRoot, ...settings.engine }, log);
    }
  } finally {
    await emulator?.close();
  }
  // After the emulator has exited, so that its CPU time counts as the bench's (a reaped child).
  const cpuAfter = await cpuSnapshot();

  const full: Results = {
    meta: {
      date: started.toISOString(),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
      durationS: Math.round((performance.now() - t0) / 1000),
      machine: await machineInfo(repoRoot),
      loadBefore,
      loadAfter: loadAverages(),
      ...(cpuBefore && cpuAfter ? { otherCores: Math.round(otherCores(cpuBefore, cpuAfter) * 100) / 100 } : {}),
      timingTool: tool.label,
      memoryTool: gnuTime ? `GNU time (${GNU_TIME} -f %M): peak RSS of the largest process of the command` : "not measured (GNU time not installed)",
      settings,
    },
    ...results,
    targets: targetsFrom(results),
  };

  const dir = fileURLToPath(new URL("results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  const jsonPath = join(dir, `${started.toISOString().replaceAll(":", "-").slice(0, 19)}${values.quick ? "-quick" : ""}.json`);
  await writeFile(jsonPath, `${JSON.stringify(full, null, 2)}\n`);
  const tables = renderTables(full);
  await writeFile(join(dir, "latest.md"), tables);
  process.stdout.write(tables);
  log(`bench: results in ${jsonPath}, tables in ${join(dir, "latest.md")}`);
  for (const v of full.targets) log(`  ${v.pass ? "PASS" : "MISS"}  ${v.name}: ${verdictText(v)}`);
  if (results.smoke) {
    const floor = results.smoke.clients.find((c) => c.name === FLOOR)!;
    for (const c of results.smoke.clients) log(`  ${c.name.padEnd(24)} ${c.time.median.toFixed(0).padStart(6)} ms  ${(c.time.median / floor.time.median).toFixed(2)}× floor`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
