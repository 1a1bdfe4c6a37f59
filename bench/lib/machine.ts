// What the figures were measured on: CPU, cores, memory, OS, tool versions, load, commit.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  curl: string;
  commit: string;
  /** Files under the measured folders that differ from the commit (work in progress measured as is). */
  uncommitted: string[];
}

async function firstLine(cmd: string, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { timeout: 10_000, ...(cwd ? { cwd } : {}) });
    return stdout.trim().split("\n")[0] ?? "";
  } catch {
    return "unknown";
  }
}

export async function machineInfo(repoRoot: string): Promise<MachineInfo> {
  let os = "unknown";
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(await readFile("/etc/os-release", "utf8"))?.[1] ?? os;
  } catch {
    // Not Linux, or no os-release: the kernel line still says what it is.
  }
  let uncommitted: string[] = [];
  try {
    const { stdout } = await run("git", ["status", "--porcelain", "--", "verify", "infra", "emulator", "engine", "bench"], { cwd: repoRoot, timeout: 10_000 });
    uncommitted = stdout.split("\n").filter((l) => l.trim() !== "").map((l) => l.trim());
  } catch {
    // Not a git checkout: nothing to list.
  }
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os,
    kernel: await firstLine("uname", ["-sr"]),
    node: process.version,
    curl: await firstLine("curl", ["--version"]),
    commit: await firstLine("git", ["rev-parse", "--short", "HEAD"], repoRoot),
    uncommitted,
  };
}

/** 1, 5 and 15 minute load averages. */
export function loadAverages(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
