// Section 4: emulator capacity — token requests per second with 1, 8 and 64 concurrent clients on
// kept-alive loopback connections, with the error count. The load generator is its own process
// (bench/children/token-load.ts), so the emulator and its clients each get a core.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { EmulatorProcess } from "../lib/emulator-process.ts";
import { writeSecretsDir } from "../lib/secrets-dir.ts";
import { percentile, ratePerSecond, summarize, type Summary } from "../lib/stats.ts";

const run = promisify(execFile);

export interface CapacitySettings {
  repoRoot: string;
  concurrency: number[];
  rounds: number;
  durationMs: number;
  warmupMs: number;
}

export interface CapacityLevel {
  concurrency: number;
  /** Successful token responses per second, one figure per round. */
  perSecond: Summary;
  requests: number;
  errors: number;
  /** Status or error code → count, over all rounds (200 included). */
  statuses: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface CapacityResult {
  durationMs: number;
  warmupMs: number;
  rounds: number;
  levels: CapacityLevel[];
}

interface LoadOutput {
  concurrency: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
}

export async function runCapacity(emulator: EmulatorProcess, settings: CapacitySettings, log: (line: string) => void): Promise<CapacityResult> {
  const { tenantId } = await emulator.createTenant();
  const workload = await emulator.createWorkload({ displayName: "bench-capacity", permissions: ["User.Read.All"], tenantId });
  const secrets = await writeSecretsDir(workload, emulator);
  try {
    const outputs = new Map<number, LoadOutput[]>(settings.concurrency.map((c) => [c, []]));
    // Rounds interleave the levels, so that a burst of load from elsewhere does not hit one level only.
    for (let round = 0; round < settings.rounds; round++) {
      for (const concurrency of settings.concurrency) {
        const { stdout } = await run(process.execPath, ["bench/children/token-load.ts"], {
          cwd: settings.repoRoot,
          timeout: settings.durationMs + settings.warmupMs + 60_000,
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            BENCH_TOKEN_URL: `${emulator.authorityHost}/${workload.tenantId}/oauth2/v2.0/token`,
            BENCH_TOKEN_FORM: secrets.tokenFormFile,
            BENCH_CA_FILE: emulator.caFile,
            BENCH_CONCURRENCY: String(concurrency),
            BENCH_DURATION_MS: String(settings.durationMs),
            BENCH_WARMUP_MS: String(settings.warmupMs),
          },
        });
        const out = JSON.parse(stdout) as LoadOutput;
        outputs.get(concurrency)!.push(out);
        log(`  round ${round + 1}, ${concurrency} client${concurrency === 1 ? "" : "s"}: ${ratePerSecond(out.ok, out.elapsedMs).toFixed(0)} tokens/s, ${out.errors} errors`);
      }
    }
    const levels = settings.concurrency.map((concurrency) => level(concurrency, outputs.get(concurrency)!));
    return { durationMs: settings.durationMs, warmupMs: settings.warmupMs, rounds: settings.rounds, levels };
  } finally {
    await secrets.remove();
  }
}

export function level(concurrency: number, runs: readonly LoadOutput[]): CapacityLevel {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const latencies = runs.flatMap((r) => r.latenciesMs);
  return {
    concurrency,
    perSecond: summarize(runs.map((r) => ratePerSecond(r.ok, r.elapsedMs))),
    requests: runs.reduce((n, r) => n + r.ok + r.errors, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    statuses,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
  };
}
