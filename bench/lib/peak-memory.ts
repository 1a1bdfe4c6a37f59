// Peak memory (maximum resident set size) of whole processes, with GNU time (`/usr/bin/time`,
// Debian package `time`): `-f %M` reports the largest RSS among the process and the children it
// waited for (for the curl pair: the largest of sh, curl and sed, not their sum). Commands run
// round-robin so that each shares the machine's load of the moment.
import { execFile } from "node:child_process";
import { access, readFile, rm } from "node:fs/promises";
import { constants } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TimedCommand } from "./process-timing.ts";

const run = promisify(execFile);
export const GNU_TIME = "/usr/bin/time";
export const GNU_TIME_INSTALL_HINT = "GNU time is not installed: peak memory is not measured. Install it with `apt-get install -y time`.";

export async function hasGnuTime(): Promise<boolean> {
  try {
    await access(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface MemoryResult {
  name: string;
  /** Peak RSS per run, MiB. */
  peakMiB: number[];
}

export async function measurePeakMemory(commands: TimedCommand[], options: { runs: number; env: NodeJS.ProcessEnv; cwd: string }): Promise<MemoryResult[]> {
  const out = join(tmpdir(), `gwi-bench-time-${process.pid}-${Date.now()}.txt`);
  const results = commands.map((c) => ({ name: c.name, peakMiB: [] as number[] }));
  try {
    for (let round = 0; round < options.runs; round++) {
      for (const [i, c] of commands.entries()) {
        await run(GNU_TIME, ["-f", "%M", "-o", out, ...c.argv], { env: options.env, cwd: options.cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
        results[i]!.peakMiB.push(parseMaxRssKiB(await readFile(out, "utf8")) / 1024);
      }
    }
  } finally {
    await rm(out, { force: true });
  }
  return results;
}

/** The last line of GNU time's `-f %M` output: kilobytes (KiB on Linux). */
export function parseMaxRssKiB(text: string): number {
  const last = text.trim().split("\n").at(-1) ?? "";
  const kib = Number(last.trim());
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`unexpected GNU time output: ${JSON.stringify(text.slice(0, 200))}`);
  return kib;
}
