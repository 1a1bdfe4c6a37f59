// Section 1: cost of one smoke test (token + one Graph GET) as a cold process — verify's CLI against
// the documented curl pair, @azure/identity, @azure/msal-node and the undici floor — plus module-load
// costs, peak memory, and the warm in-process comparison.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { EmulatorProcess, RequestLogEntry } from "../lib/emulator-process.ts";
import { measurePeakMemory } from "../lib/peak-memory.ts";
import { spawnTimed, timeCommands, type TimedCommand, type TimingTool } from "../lib/process-timing.ts";
import { writeSecretsDir } from "../lib/secrets-dir.ts";
import {
  CHILD_PROCESS, CURL, EMPTY_TS, FLOOR, FLOOR_CACHED, HTTPS_FLOOR, IDENTITY, JOSE, JOSE_DECODE, MSAL, VERIFY, VERIFY_EXTERNALS, VERIFY_HELP, VERIFY_HELP_CACHED, VERIFY_NO_CACHE,
} from "../lib/names.ts";
import { pairedDifferences, pairedRatios, ratioOfMedians, summarize, type Summary } from "../lib/stats.ts";

const run = promisify(execFile);
export const GRAPH_PATH = "/v1.0/users?$top=1&$select=id";

export interface SmokeSettings {
  repoRoot: string;
  tool: TimingTool;
  gnuTime: boolean;
  runs: number;
  warmup: number;
  memoryRuns: number;
  warmIterations: number;
  warmWarmup: number;
}

export interface ClientRow {
  name: string;
  commandLine: string;
  /** What one run sent to the emulator, e.g. "token 1, graph 1". */
  requests: string;
  time: Summary;
  peakMiB?: Summary;
  ratioToFloor: number;
  /** This client's time / the floor's in the same round (they ran back to back), over the rounds. */
  pairedRatioToFloor: Summary;
}

export interface LoadRow {
  name: string;
  commandLine: string;
  time: Summary;
  /** Median over the rounds of (this row − the row named in `baseline`, same round). */
  overBaselineMs?: number;
  baseline?: string;
}

export interface WarmResult {
  iterations: number;
  warmup: number;
  floor: Summary;
  verify: Summary;
  verifyUnpaced: Summary;
  ratio: number;
  ratioUnpaced: number;
  pairedRatio: Summary;
  pairedRatioUnpaced: Summary;
}

export interface SmokeResult {
  clients: ClientRow[];
  moduleLoad: LoadRow[];
  warm: WarmResult;
  /** Parts of verify's own report from one cold run (where its time went). */
  verifyTimings: Record<string, number>;
  verifyAttempts: Array<{ phase: string; startMs: number; durationMs: number }>;
}


export async function runSmoke(emulator: EmulatorProcess, settings: SmokeSettings, log: (line: string) => void): Promise<SmokeResult> {
  const { tenantId } = await emulator.createTenant();
  const workload = await emulator.createWorkload({ displayName: "bench-smoke", permissions: ["User.Read.All"], tenantId });
  const secrets = await writeSecretsDir(workload, emulator);
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      BENCH_OUTPUTS: secrets.outputsFile,
      BENCH_GRAPH_PATH: GRAPH_PATH,
      BENCH_CA: emulator.caFile,
      BENCH_TOKEN_URL: `${emulator.authorityHost}/${workload.tenantId}/oauth2/v2.0/token`,
      BENCH_TOKEN_FORM: secrets.tokenFormFile,
      BENCH_GRAPH_URL: `${emulator.graphEndpoint}${GRAPH_PATH}`,
      BENCH_SECRETS_DIR: secrets.dir,
    };
    const node = process.execPath;
    const cacheDir = join(secrets.dir, "compile-cache");
    // verify's CLI turns on Node's compile cache itself (os.tmpdir()/node-compile-cache, or
    // NODE_COMPILE_CACHE): "verify CLI" runs as shipped, its cache filled by the runs before it;
    // NODE_DISABLE_COMPILE_CACHE=1 is a machine's first run (nothing cached, nothing written).
    const noCache = ["env", "NODE_DISABLE_COMPILE_CACHE=1"];
    const clients: TimedCommand[] = [
      { name: VERIFY, argv: [node, "verify/cli.ts", "--outputs", secrets.outputsFile, "--json"] },
      { name: FLOOR, argv: [node, "bench/peers/floor-undici.ts"] },
      { name: HTTPS_FLOOR, argv: [node, "bench/peers/floor-https.ts"] },
      { name: CURL, argv: ["sh", "bench/peers/curl.sh"] },
      { name: IDENTITY, argv: [node, "bench/peers/identity.ts"] },
      { name: MSAL, argv: [node, "bench/peers/msal.ts"] },
      { name: VERIFY_NO_CACHE, argv: [...noCache, node, "verify/cli.ts", "--outputs", secrets.outputsFile, "--json"] },
      { name: FLOOR_CACHED, argv: ["env", `NODE_COMPILE_CACHE=${cacheDir}`, node, "bench/peers/floor-undici.ts"] },
    ];

    // One attributed run of each first: proves it works and records what it sends.
    const requests: Record<string, string> = {};
    for (const c of clients) {
      await emulator.clearRequests();
      await spawnTimed(c.argv, { env, cwd: settings.repoRoot });
      requests[c.name] = describeRequests(await emulator.requests());
    }
    const { stdout } = await run(node, ["verify/cli.ts", "--outputs", secrets.outputsFile, "--json"], { env, cwd: settings.repoRoot, timeout: 60_000 });
    const report = JSON.parse(stdout) as { ok: boolean; timings: Record<string, number>; attempts: Array<{ phase: string; startMs: number; durationMs: number }> };
    if (!report.ok) throw new Error("verify CLI reported a failure against a fresh, replicated workload");

    log(`  timing ${clients.length} clients (${settings.tool.label}, ${settings.runs} runs after ${settings.warmup} warm-up)`);
    const times = await timeCommands(settings.tool, clients, { runs: settings.runs, warmup: settings.warmup, env, cwd: settings.repoRoot });
    const memory = settings.gnuTime ? await measurePeakMemory(clients, { runs: settings.memoryRuns, env, cwd: settings.repoRoot }) : [];
    const floorTimes = times.find((t) => t.name === FLOOR)!.timesMs;
    const floor = summarize(floorTimes);
    const clientRows: ClientRow[] = times.map((t) => {
      const time = summarize(t.timesMs);
      const mem = memory.find((m) => m.name === t.name);
      return {
        name: t.name, commandLine: t.commandLine, requests: requests[t.name] ?? "", time, ...(mem ? { peakMiB: summarize(mem.peakMiB) } : {}),
        ratioToFloor: ratioOfMedians(time, floor), pairedRatioToFloor: pairedRatios(t.timesMs, floorTimes),
      };
    });

    log("  timing module loads");
    const loads: TimedCommand[] = [
      { name: "node, empty ESM -e (baseline)", argv: [node, "--input-type=module", "-e", ""] },
      { name: "import 'node:https'", argv: [node, "--input-type=module", "-e", "import 'node:https'"] },
      { name: "import 'undici'", argv: [node, "--input-type=module", "-e", "import 'undici'"] },
      // jose's whole index and node:child_process: what verify no longer loads at start-up (jose's
      // signing part only for certificates, child_process only for --stack).
      { name: JOSE, argv: [node, "--input-type=module", "-e", "import 'jose'"] },
      { name: JOSE_DECODE, argv: [node, "--input-type=module", "-e", "import 'jose/jwt/decode'"] },
      { name: CHILD_PROCESS, argv: [node, "--input-type=module", "-e", "import 'node:child_process'"] },
      { name: VERIFY_EXTERNALS, argv: [node, "--input-type=module", "-e", "import 'undici'; import 'jose/jwt/decode'; import 'node:crypto'; import 'node:util'"] },
      // Through env(1) like the verify row it is the baseline of, with the cache off as there.
      { name: EMPTY_TS, argv: [...noCache, node, "bench/peers/empty.ts"] },
      // Everything verify loads, compiled and stripped from source (compile cache off)…
      { name: VERIFY_HELP, argv: [...noCache, node, "verify/cli.ts", "--help"] },
      // …and as shipped: the CLI's compile cache (module.enableCompileCache), filled by the runs before.
      { name: VERIFY_HELP_CACHED, argv: [node, "verify/cli.ts", "--help"] },
    ];
    const loadTimes = await timeCommands(settings.tool, loads, { runs: settings.runs, warmup: settings.warmup, env, cwd: settings.repoRoot });
    const timesOf = (name: string) => loadTimes.find((t) => t.name === name)!.timesMs;
    const baselineFor = (name: string) => (name.startsWith("import") ? loads[0]!.name : name.startsWith("verify") ? EMPTY_TS : undefined);
    const moduleLoad: LoadRow[] = loadTimes.map((t) => {
      const time = summarize(t.timesMs);
      const baseline = baselineFor(t.name);
      return { name: t.name, commandLine: t.commandLine, time, ...(baseline ? { baseline, overBaselineMs: pairedDifferences(t.timesMs, timesOf(baseline)).median } : {}) };
    });

    log(`  warm in-process loop (${settings.warmIterations} iterations after ${settings.warmWarmup})`);
    const warm = await runWarm(settings, { ...env, BENCH_CA_FILE: emulator.caFile, BENCH_WARM_ITERATIONS: String(settings.warmIterations), BENCH_WARM_WARMUP: String(settings.warmWarmup) });
    return { clients: clientRows, moduleLoad, warm, verifyTimings: report.timings, verifyAttempts: report.attempts.map((a) => ({ phase: a.phase, startMs: a.startMs, durationMs: a.durationMs })) };
  } finally {
    await secrets.remove();
  }
}

/** "token 1, graph 1, discovery 1": what one process sent (the control calls left out). */
export function describeRequests(entries: readonly RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (e.route === "control") continue;
    counts.set(e.route, (counts.get(e.route) ?? 0) + 1);
    if (e.status >= 400) counts.set(`HTTP ${e.status}`, (counts.get(`HTTP ${e.status}`) ?? 0) + 1);
  }
  return [...counts].map(([route, n]) => `${route} ${n}`).join(", ");
}

async function runWarm(settings: SmokeSettings, env: NodeJS.ProcessEnv): Promise<WarmResult> {
  const { stdout } = await run(process.execPath, ["bench/children/warm-loop.ts"], { env, cwd: settings.repoRoot, timeout: 300_000 });
  const out = JSON.parse(stdout) as { iterations: number; warmup: number; times: { floor: number[]; verify: number[]; verifyUnpaced: number[] } };
  const floor = summarize(out.times.floor);
  const verify = summarize(out.times.verify);
  const verifyUnpaced = summarize(out.times.verifyUnpaced);
  return {
    iterations: out.iterations,
    warmup: out.warmup,
    floor,
    verify,
    verifyUnpaced,
    ratio: ratioOfMedians(verify, floor),
    ratioUnpaced: ratioOfMedians(verifyUnpaced, floor),
    pairedRatio: pairedRatios(out.times.verify, out.times.floor),
    pairedRatioUnpaced: pairedRatios(out.times.verifyUnpaced, out.times.floor),
  };
}
