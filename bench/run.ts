// `npm run bench`: every benchmark of issue 7 in one run, against the emulator over HTTPS on
// loopback, then bench/results.json and BENCHMARKS.md written from the results. The only file of
// bench/ that reads argv, prints and exits. Progress goes to stderr; nothing printed holds a secret.
//
//   npm run bench                      the full run (about 8–10 minutes on 2 busy cores)
//   npm run bench -- --quick           fewer runs, shorter delays: checks the machinery, writes no BENCHMARKS.md
//   npm run bench -- --only smoke,program   some sections only (results to $TMPDIR/gwi-bench-results.partial.json)
//   npm run bench -- --render          BENCHMARKS.md again from bench/results.json, without measuring
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "./lib/emulator-process.ts";
import { cpuSnapshot, otherCores } from "./lib/cpu-share.ts";
import { loadAverages, machineInfo } from "./lib/machine.ts";
import { FLOOR, CURL } from "./lib/names.ts";
import { GNU_TIME, GNU_TIME_INSTALL_HINT, hasGnuTime } from "./lib/peak-memory.ts";
import { detectHyperfine, HYPERFINE_INSTALL_HINT } from "./lib/process-timing.ts";
import { renderMarkdown } from "./lib/render.ts";
import type { Results } from "./lib/results.ts";
import { targetsFrom } from "./lib/verdicts.ts";
import { verdictText } from "./lib/targets.ts";
import { runCapacity } from "./sections/capacity.ts";
import { runProgramCost } from "./sections/program.ts";
import { runSmoke } from "./sections/smoke.ts";
import { runTimeToGreen } from "./sections/time-to-green.ts";

const SECTIONS = ["smoke", "program", "green", "capacity"] as const;
type Section = (typeof SECTIONS)[number];

const FULL = {
  smoke: { runs: 15, warmup: 2, memoryRuns: 3, warmIterations: 30, warmWarmup: 10 },
  green: { replicates: 5, delaysMs: [5_000, 30_000] },
  program: { sizes: [1, 10, 50], runs: 8, warmup: 1, memoryRuns: 3 },
  capacity: { concurrency: [1, 8, 64], rounds: 3, durationMs: 5_000, warmupMs: 1_000 },
};
const QUICK = {
  smoke: { runs: 3, warmup: 1, memoryRuns: 1, warmIterations: 5, warmWarmup: 2 },
  green: { replicates: 2, delaysMs: [3_000] },
  program: { sizes: [1, 10], runs: 3, warmup: 1, memoryRuns: 1 },
  capacity: { concurrency: [1, 8], rounds: 1, durationMs: 1_000, warmupMs: 300 },
};

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, only: { type: "string" }, render: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write("Usage: npm run bench [-- --quick] [-- --only smoke,program,green,capacity] [-- --render]\n");
    return 0;
  }
  if (values.render) {
    // Re-render BENCHMARKS.md from the kept results (after a change to the report's wording), measuring nothing.
    const kept = JSON.parse(await readFile(new URL("results.json", import.meta.url), "utf8")) as Results;
    await writeFile(new URL("../BENCHMARKS.md", import.meta.url), renderMarkdown(kept));
    log("bench: BENCHMARKS.md rendered from bench/results.json");
    return 0;
  }
  const only = values.only?.split(",").map((s) => s.trim()) ?? [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    log(`bench: unknown section(s) ${unknown.join(", ")}; sections are ${SECTIONS.join(", ")}`);
    return 2;
  }
  const wanted = (s: Section) => only.includes(s);
  const complete = !values.quick && only.length === SECTIONS.length;
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
  const emulator = await startEmulatorProcess(repoRoot);
  try {
    if (wanted("smoke")) {
      log("1. smoke-test cost");
      results.smoke = await runSmoke(emulator, { repoRoot, tool, gnuTime, ...settings.smoke }, log);
    }
    if (wanted("program")) {
      log("3. program cost under Pulumi mocks");
      results.program = await runProgramCost({ repoRoot, tool, gnuTime, ...settings.program }, log);
    }
    if (wanted("green")) {
      log("2. time to green");
      // One attempt of the alternatives costs what the documented curl pair cost in section 1 (or a typical 0.1 s when it did not run).
      const curlPairMs = results.smoke?.clients.find((c) => c.name === CURL)?.time.median ?? 100;
      results.timeToGreen = await runTimeToGreen({ repoRoot, kinds: ["secret", "role"], curlPairMs, pollIntervalMs: 10_000, sleepMs: 180_000, ...settings.green }, log);
    }
    if (wanted("capacity")) {
      log("4. emulator capacity");
      results.capacity = await runCapacity(emulator, { repoRoot, ...settings.capacity }, log);
    }
  } finally {
    await emulator.close();
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

  // Only a complete run replaces the results kept in the repository; partial ones go to the temp dir.
  const jsonPath = complete ? fileURLToPath(new URL("results.json", import.meta.url)) : join(tmpdir(), "gwi-bench-results.partial.json");
  await writeFile(jsonPath, `${JSON.stringify(full, null, 2)}\n`);
  log(`bench: results in ${jsonPath}`);
  if (complete) {
    await writeFile(new URL("../BENCHMARKS.md", import.meta.url), renderMarkdown(full));
    log("bench: BENCHMARKS.md written");
  } else {
    log("bench: partial or quick run: BENCHMARKS.md left as it was");
  }
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
