// Starting program-host processes. Loading the Pulumi SDK takes about a second, most of a run that
// changes nothing; so a caller that runs the program again and again (the demo, the end-to-end
// tests) can keep one host process started ahead, idle until its "start" message. Each run still
// gets a process of its own: the program, the SDK and the mock runtime are never reused.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const HOST = fileURLToPath(new URL("./program-host.ts", import.meta.url));

let warm: ChildProcess | undefined;

function spawnHost(): ChildProcess {
  // execArgv: [] so that a test runner's loader flags do not leak into the program's process.
  return fork(HOST, [], { execPath: process.execPath, execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
}

/** An idle host must not keep the caller's process alive, nor outlive it. */
function setIdle(child: ChildProcess, idle: boolean): void {
  // The child, its IPC channel and its stdio pipes (sockets) each hold the event loop open.
  const handles = [child, child.channel, child.stdout, child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
  for (const handle of handles) {
    if (handle === null || handle === undefined) continue;
    if (idle) handle.unref();
    else handle.ref();
  }
}

process.on("exit", () => {
  if (warm?.exitCode === null) warm.kill();
});

/** A host for one run: the one started ahead if it is still alive, else a new one. */
export function takeHost(): ChildProcess {
  const ready = warm !== undefined && warm.connected && warm.exitCode === null ? warm : undefined;
  warm = undefined;
  if (ready === undefined) return spawnHost();
  setIdle(ready, false);
  return ready;
}

/** Starts the host for the next run now (it waits, idle, for its "start" message). */
export function prepareNextHost(): void {
  if (warm !== undefined && warm.exitCode === null) return;
  warm = spawnHost();
  setIdle(warm, true);
}
