// Section 5: the real Pulumi engine. First `pulumi up` of a new stack (1 permission), a no-op
// `pulumi preview` of it and `pulumi destroy`, on the azuread provider and the Node.js language host
// that engine/plugins.ts picks (the real ones where they exist), against the emulator over HTTPS;
// each against the same operation of the empty program (bench/peers/empty-program/) in the same
// run, with the provider's own consistency polling (read off the emulator's request log) added to
// the empty program's time as the engine floor; and, for information, against a program that only
// imports @pulumi/pulumi and @pulumi/azuread (bench/peers/imports-program/). The measuring runs in bench/children/engine-run.ts,
// started here with NODE_EXTRA_CA_CERTS set, since Node reads it only at start-up.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeEmulatorTls } from "../../engine/emulator-tls.ts";
import { engineFigures, type EngineRaw, type EngineResult } from "../lib/engine-figures.ts";

export type { EngineResult } from "../lib/engine-figures.ts";

export interface EngineSettings {
  repoRoot: string;
  /** Rounds: each a new stack of each program, up + preview + destroy of each. */
  runs: number;
}

/** The real provider's destroy alone takes about 40 s (its polls after each delete): room for slow machines. */
const PER_ROUND_TIMEOUT_MS = 6 * 60_000;

export async function runEngine(settings: EngineSettings, log: (line: string) => void): Promise<EngineResult> {
  const tlsDir = await mkdtemp(join(tmpdir(), "gwi-bench-engine-tls-"));
  try {
    const trust = await writeEmulatorTls(tlsDir);
    log(`  ${settings.runs} round(s): first pulumi up, no-op pulumi preview, pulumi destroy of a new stack of the project, of the empty program and of the imports-only program`);
    const stdout = await runChild(settings, {
      BENCH_ENGINE_TLS_DIR: tlsDir,
      BENCH_ENGINE_RUNS: String(settings.runs),
      NODE_EXTRA_CA_CERTS: trust.caFile,
    }, settings.runs * PER_ROUND_TIMEOUT_MS + 60_000);
    const raw = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as EngineRaw;
    return engineFigures(raw);
  } finally {
    await rm(tlsDir, { recursive: true, force: true });
  }
}

function runChild(settings: EngineSettings, env: Record<string, string>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bench/children/engine-run.ts"], {
      cwd: settings.repoRoot,
      env: { ...process.env, ...env },
      // Its progress (and the plugin lines) straight to the bench's stderr.
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`bench/children/engine-run.ts exited with ${code ?? signal}${signal === "SIGKILL" ? ` (killed after ${timeoutMs / 1000} s)` : ""}`));
    });
  });
}
