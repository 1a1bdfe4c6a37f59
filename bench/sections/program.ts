// Section 3: cost of the Pulumi program under Pulumi's unit-test mocks (the engine and providers are
// downloaded binaries these machines cannot run): one process per run, for 1, 10 and 50
// permissions; its start-up against importing @pulumi/pulumi + @pulumi/azuread alone; and proof
// that it does not load @pulumi/azure-native (whose whole import is timed separately).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { graphAppRoles } from "../../emulator/index.ts";
import { isPrivileged } from "../../infra/privileged.ts";
import { measurePeakMemory } from "../lib/peak-memory.ts";
import { timeCommands, type TimedCommand, type TimingTool } from "../lib/process-timing.ts";
import { ratioOfMedians, summarize, type Summary } from "../lib/stats.ts";

const run = promisify(execFile);

export interface ProgramSettings {
  repoRoot: string;
  tool: TimingTool;
  gnuTime: boolean;
  sizes: number[];
  runs: number;
  warmup: number;
  memoryRuns: number;
}

export interface ProgramRow {
  name: string;
  mode: "program" | "bare" | "azure-native" | "bare-verify";
  permissions: number;
  /** Resources registered with the (mock) engine. */
  registered: number;
  azureNativeFiles: number;
  /** undici's files loaded: verify's HTTP client, so > 0 means verify was loaded. */
  undiciFiles: number;
  time: Summary;
  peakMiB?: Summary;
}

export interface ProgramResult {
  rows: ProgramRow[];
  /** program (1 permission) / bare imports, medians. */
  startupRatio: number;
  /** Median cost of importing all of @pulumi/azure-native on top of the bare imports. */
  azureNativeExtraMs: number;
  /** Median cost of importing verify/index.ts on top of the bare imports. */
  verifyImportExtraMs: number;
}

/** The first `n` Graph application permissions of the emulator's catalog, privileged ones explicitly allowed. */
export function permissionSet(n: number): { permissions: string[]; allowPrivileged: string[]; appRoleIds: Record<string, string> } {
  if (n > graphAppRoles.length) throw new RangeError(`only ${graphAppRoles.length} permissions in the catalog, asked for ${n}`);
  const roles = graphAppRoles.slice(0, n);
  return {
    permissions: roles.map((r) => r.value),
    allowPrivileged: roles.map((r) => r.value).filter(isPrivileged),
    appRoleIds: Object.fromEntries(graphAppRoles.map((r) => [r.value, r.id])),
  };
}

export async function runProgramCost(settings: ProgramSettings, log: (line: string) => void): Promise<ProgramResult> {
  const dir = await mkdtemp(join(tmpdir(), "gwi-bench-program-"));
  try {
    const node = process.execPath;
    // `env VAR=… node …`: every variant in one hyperfine invocation (runs of the same moment), at the
    // same small cost of exec'ing env(1) for all.
    const entries: Array<{ command: TimedCommand; mode: ProgramRow["mode"]; permissions: number }> = [];
    const variant = (name: string, mode: ProgramRow["mode"], permissions: number, input: string) =>
      entries.push({ command: { name, argv: ["env", `BENCH_PROGRAM_MODE=${mode}`, `BENCH_PROGRAM_INPUT=${input}`, node, "bench/children/program-run.ts"] }, mode, permissions });
    for (const n of settings.sizes) {
      const file = join(dir, `permissions-${n}.json`);
      await writeFile(file, JSON.stringify(permissionSet(n)));
      variant(`program, ${n} permission${n === 1 ? "" : "s"}`, "program", n, file);
    }
    const one = join(dir, "permissions-1.json");
    variant("bare imports (@pulumi/pulumi + @pulumi/azuread, same mocks)", "bare", 0, one);
    variant("bare imports + all of @pulumi/azure-native", "azure-native", 0, one);
    variant("bare imports + verify/index.ts", "bare-verify", 0, one);

    // One checked run of each first: the program must complete; record what it registered and loaded.
    const facts = new Map<string, { registered: number; azureNativeFiles: number; undiciFiles: number }>();
    for (const e of entries) {
      const [cmd, ...args] = e.command.argv;
      const { stdout } = await run(cmd!, args, { cwd: settings.repoRoot, timeout: 120_000 });
      const f = JSON.parse(stdout.trim().split("\n").at(-1)!) as { registered: number; azureNativeFiles: number; undiciFiles: number };
      facts.set(e.command.name, f);
      log(`  ${e.command.name}: ${f.registered} resources registered, ${f.azureNativeFiles} @pulumi/azure-native files loaded`);
    }
    const commands = entries.map((e) => e.command);
    const options = { env: process.env, cwd: settings.repoRoot };
    const times = await timeCommands(settings.tool, commands, { ...options, runs: settings.runs, warmup: settings.warmup });
    const memory = settings.gnuTime ? await measurePeakMemory(commands, { ...options, runs: settings.memoryRuns }) : [];
    const rows: ProgramRow[] = entries.map((e, i) => {
      const f = facts.get(e.command.name)!;
      const mem = memory[i];
      return {
        name: e.command.name, mode: e.mode, permissions: e.permissions, registered: f.registered, azureNativeFiles: f.azureNativeFiles, undiciFiles: f.undiciFiles,
        time: summarize(times[i]!.timesMs), ...(mem ? { peakMiB: summarize(mem.peakMiB) } : {}),
      };
    });
    const bare = rows.find((r) => r.mode === "bare")!;
    const program1 = rows.find((r) => r.mode === "program" && r.permissions === Math.min(...settings.sizes))!;
    const native = rows.find((r) => r.mode === "azure-native")!;
    const withVerify = rows.find((r) => r.mode === "bare-verify")!;
    return {
      rows,
      startupRatio: ratioOfMedians(program1.time, bare.time),
      azureNativeExtraMs: native.time.median - bare.time.median,
      verifyImportExtraMs: withVerify.time.median - bare.time.median,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
