// Runs `node verify/cli.ts …` as a child process: exit codes, stdout and stderr as a user sees them.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../verify/cli.ts", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** From the interrupting signal to the child's exit, ms (undefined when none was sent). */
  afterSignalMs?: number;
}

export interface CliRunOptions {
  /** Added to a clean environment (PATH only): nothing leaks in from the developer's shell. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Leaves stdin open after writing `stdin` (a producer that never finishes). */
  keepStdinOpen?: boolean;
  /** Sends `interruptWith` (default SIGINT) once this returns true (polled every 50 ms). */
  interruptWhen?: () => boolean;
  interruptWith?: NodeJS.Signals;
  /** Kills the child after this long: a hang fails the test instead of the suite. */
  killAfterMs?: number;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const started = performance.now();
  // process.execPath is the Node 24 running the tests (node_modules/.bin/node first on PATH).
  const child = spawn(process.execPath, [CLI, ...args], {
    // The compile cache halves the start-up of each child (type stripping included).
    env: { PATH: process.env["PATH"], NODE_COMPILE_CACHE: join(tmpdir(), "verify-cli-compile-cache"), ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  if (options.keepStdinOpen) child.stdin.write(options.stdin ?? "");
  else child.stdin.end(options.stdin ?? "");
  child.stdin.on("error", () => undefined);
  const when = options.interruptWhen;
  let signalledAt: number | undefined;
  const interrupt = when
    ? setInterval(() => {
        if (when()) {
          signalledAt = performance.now();
          child.kill(options.interruptWith ?? "SIGINT");
          clearInterval(interrupt);
        }
      }, 50)
    : undefined;
  const kill = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(kill);
      if (interrupt) clearInterval(interrupt);
      const ended = performance.now();
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr, elapsedMs: ended - started, ...(signalledAt !== undefined ? { afterSignalMs: ended - signalledAt } : {}) });
    });
  });
}
