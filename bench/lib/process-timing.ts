// Whole-process wall times: hyperfine (a public tool) when installed, else our own spawn loop,
// labelled as such in the results. Commands run without a shell (hyperfine -N), in the order given.
import { execFile, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TimedCommand {
  /** Short name used in the report, e.g. "verify CLI". */
  name: string;
  argv: string[];
}

export interface TimingResult {
  name: string;
  /** The command line as run (no secrets: those are in files). */
  commandLine: string;
  timesMs: number[];
}

export interface TimingTool {
  /** "hyperfine 1.15.0" or "spawn loop (fallback: hyperfine not installed)". */
  label: string;
  hyperfine: boolean;
}

export const HYPERFINE_INSTALL_HINT = "hyperfine is not installed: install it with `apt-get update && apt-get install -y hyperfine` (Debian/Ubuntu) or see https://github.com/sharkdp/hyperfine#installation. Falling back to the bench's own spawn-timing loop.";

export async function detectHyperfine(): Promise<TimingTool> {
  try {
    const { stdout } = await run("hyperfine", ["--version"], { timeout: 10_000 });
    return { label: stdout.trim(), hyperfine: true };
  } catch {
    return { label: "spawn loop (fallback: hyperfine not installed)", hyperfine: false };
  }
}

/** Quotes one argument for hyperfine's shell-words splitting (used with -N, no shell involved). */
export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(" ");
}

export interface TimingOptions {
  /** Timed runs of each command. */
  runs: number;
  /** Untimed runs of each command before the first timed one. */
  warmup: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Interleaved: `runs` rounds, each running every command once, in an order rotated each round. On a
 * machine shared with other work, running all of A then all of B would hand A and B different
 * loads; round-robin gives each command the same mix, so their ratio holds. With hyperfine each round
 * is one `hyperfine -N --runs 1` invocation (the warm-up runs go with the first).
 */
export async function timeCommands(tool: TimingTool, commands: TimedCommand[], options: TimingOptions): Promise<TimingResult[]> {
  const timesMs = commands.map(() => [] as number[]);
  for (let round = 0; round < options.runs; round++) {
    const order = commands.map((_, i) => (i + round) % commands.length);
    const warmup = round === 0 ? options.warmup : 0;
    const roundTimes = tool.hyperfine
      ? await hyperfineRound(order.map((i) => commands[i]!), warmup, options)
      : await spawnRound(order.map((i) => commands[i]!), warmup, options);
    order.forEach((i, k) => timesMs[i]!.push(roundTimes[k]!));
  }
  return commands.map((c, i) => ({ name: c.name, commandLine: commandLine(c.argv), timesMs: timesMs[i]! }));
}

async function hyperfineRound(commands: TimedCommand[], warmup: number, options: TimingOptions): Promise<number[]> {
  const exportFile = join(tmpdir(), `gwi-bench-hyperfine-${process.pid}-${Date.now()}.json`);
  const args = ["-N", "--style", "none", "--warmup", String(warmup), "--runs", "1", "--export-json", exportFile];
  for (const c of commands) args.push("--command-name", c.name, commandLine(c.argv));
  try {
    await run("hyperfine", args, { env: options.env, cwd: options.cwd, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
    const exported = JSON.parse(await readFile(exportFile, "utf8")) as { results: Array<{ times: number[] }> };
    return commands.map((c, i) => {
      const t = exported.results[i]?.times[0];
      if (t === undefined) throw new Error(`hyperfine exported no time for ${c.name}`);
      return t * 1000;
    });
  } finally {
    await rm(exportFile, { force: true });
  }
}

async function spawnRound(commands: TimedCommand[], warmup: number, options: TimingOptions): Promise<number[]> {
  const times: number[] = [];
  for (const c of commands) {
    for (let i = 0; i < warmup; i++) await spawnTimed(c.argv, options);
    times.push(await spawnTimed(c.argv, options));
  }
  return times;
}

/** Wall time of one process from spawn to exit; stdout/stderr discarded, like hyperfine's default. */
export function spawnTimed(argv: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string }, timeoutMs = 120_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { env: options.env, cwd: options.cwd, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${commandLine(argv)} exited with ${code ?? signal}`));
    });
  });
}
