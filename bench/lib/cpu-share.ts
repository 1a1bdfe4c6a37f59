// How much of the machine other work used during the run: busy CPU time of the whole machine
// (/proc/stat) minus the bench's own and that of its children, which it has all waited for
// (/proc/self/stat utime + stime + cutime + cstime). Linux only; elsewhere the figure is absent.
import { readFile } from "node:fs/promises";

/** Clock ticks per second of /proc figures (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  machineBusyTicks: number;
  benchTicks: number;
  atMs: number;
}

/** Busy ticks of all CPUs from the first line of /proc/stat (everything but idle and iowait). */
export function machineBusyTicks(procStat: string): number {
  const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) throw new Error("no aggregate cpu line in /proc/stat");
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** utime + stime + cutime + cstime of /proc/self/stat (the name field may hold spaces: parse after its ")"). */
export function selfAndChildrenTicks(selfStat: string): number {
  const fields = selfStat.slice(selfStat.lastIndexOf(")") + 2).trim().split(/\s+/).map(Number);
  // fields[0] is field 3 (state), so field n is fields[n - 3]: utime 14, stime 15, cutime 16, cstime 17.
  return fields.slice(11, 15).reduce((a, b) => a + b, 0);
}

export async function cpuSnapshot(): Promise<CpuSnapshot | undefined> {
  try {
    const [stat, self] = await Promise.all([readFile("/proc/stat", "utf8"), readFile("/proc/self/stat", "utf8")]);
    return { machineBusyTicks: machineBusyTicks(stat), benchTicks: selfAndChildrenTicks(self), atMs: performance.now() };
  } catch {
    return undefined;
  }
}

/** Average number of cores other processes kept busy between two snapshots. */
export function otherCores(before: CpuSnapshot, after: CpuSnapshot): number {
  const others = after.machineBusyTicks - before.machineBusyTicks - (after.benchTicks - before.benchTicks);
  const seconds = (after.atMs - before.atMs) / 1000;
  if (!(seconds > 0)) throw new RangeError("snapshots out of order");
  return Math.max(0, others / TICKS_PER_SECOND / seconds);
}
