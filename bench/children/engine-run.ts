// The engine section's measurements, in a process of their own: the parent (bench/sections/engine.ts)
// made the emulator's CA and started this process with NODE_EXTRA_CA_CERTS naming it, because Node
// reads that variable only when it starts (an inline program runs in this very process). Here: the
// emulator in-process over HTTPS, a deploying principal, and BENCH_ENGINE_RUNS rounds, each on three
// brand-new stacks in one file backend: the project's (1 permission, verifyOnDeploy off), the empty
// program's and the imports-only program's (bench/lib/baseline-program.ts). First `pulumi up`,
// no-op `pulumi preview`, `pulumi destroy`: the three stacks one after the other for each operation,
// in an order rotated from round to round.
//
// Progress and the plugin lines go to stderr; stdout gets one JSON line (EngineRaw). No secret is
// printed: the deployer's secret goes into the stack config with --secret, and Pulumi masks it.
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.ts";
import { emulatorTrustFiles, readEmulatorTls } from "../../engine/emulator-tls.ts";
import { describePlugins, resolvePlugins } from "../../engine/plugins.ts";
import { locatePulumi } from "../../engine/pulumi-cli.ts";
import { describeRequests, unexpectedGraphErrors } from "../../engine/request-errors.ts";
import { openEngineStack, PROJECT, setStackConfig } from "../../engine/stack.ts";
import { onlyRun, timeCliRuns, type CliRun } from "../lib/cli-timer.ts";
import { consistencyPolling } from "../lib/consistency-polling.ts";
import { openBaselineStack } from "../lib/baseline-program.ts";
import { OPERATIONS, SUBJECTS, type EngineRaw, type EngineSample, type Operation, type Subject } from "../lib/engine-figures.ts";
import { ms } from "../lib/format.ts";

const PERMISSIONS = ["User.Read.All"];
/** off: the figure is the engine and the provider; verify's own cost is section 1's and its wait section 2's. */
const VERIFY_ON_DEPLOY = "off";
const PASSPHRASE = "bench passphrase (local only)";

const log = (line: string) => void process.stderr.write(`${line}\n`);
const tlsDir = process.env["BENCH_ENGINE_TLS_DIR"];
const runs = Number(process.env["BENCH_ENGINE_RUNS"] ?? "1");
/** Optional: each operation's requests appended here (ms since the process's spawn, route, method, status, path), to check the polling spans by eye. */
const requestLogFile = process.env["BENCH_ENGINE_REQUEST_LOG"];
if (!tlsDir || !process.env["NODE_EXTRA_CA_CERTS"]) throw new Error("run by bench/sections/engine.ts: BENCH_ENGINE_TLS_DIR and NODE_EXTRA_CA_CERTS must be set");
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`BENCH_ENGINE_RUNS must be a whole number >= 1, got ${process.env["BENCH_ENGINE_RUNS"]}`);

const cli = await locatePulumi();
const plugins = await resolvePlugins(cli);
const pluginLines = describePlugins(plugins);
log(`  pulumi ${cli.version} (${cli.source === "built" ? ".pulumi-bin, built from source" : "from PATH"})`);
for (const line of pluginLines) log(`  ${line}`);

const trust = emulatorTrustFiles(tlsDir);
const emulator = await startEmulator({ tls: await readEmulatorTls(tlsDir) });
const deployer = emulator.control.createDeployer({ displayName: "bench deployer" });
const runDir = await mkdtemp(join(tmpdir(), "gwi-bench-engine-"));
const stateDir = join(runDir, "state");
const samples = Object.fromEntries(SUBJECTS.map((s) => [s, { up: [], preview: [], destroy: [] }])) as unknown as Record<Subject, Record<Operation, EngineSample[]>>;
const LABELS: Record<Subject, string> = { project: "project", empty: "empty program", imports: "imports-only program" };
const refused: string[] = [];

/** Pulumi's output of the operation under way, kept for an error message only. */
let output = "";
const onOutput = (chunk: string) => void (output = (output + chunk).slice(-4000));

async function timed(stack: Stack, operation: Operation, world: Emulator): Promise<EngineSample> {
  const timer = timeCliRuns(stack);
  timer.take();
  world.control.clearRequests();
  output = "";
  const started = performance.now();
  try {
    if (operation === "up") await stack.up({ onOutput, color: "never" });
    else if (operation === "preview") await stack.preview({ expectNoChanges: true, onOutput, color: "never" });
    else await stack.destroy({ onOutput, color: "never" });
  } catch (error) {
    log(`  pulumi ${operation} of ${stack.name} failed; its last output:\n${output.replace(/^/gm, "    │ ")}`);
    throw error;
  }
  const callMs = performance.now() - started;
  const run = onlyRun(timer.take(), operation);
  const requests = world.control.requests();
  // The emulator's clock is Date.now() here (never advanced), the clock the timer's spawn and exit are on.
  const served = requests.filter((r) => r.route !== "control");
  const polling = consistencyPolling(requests);
  if (requestLogFile) await appendRequestLog(requestLogFile, `${stack.name}: pulumi ${operation}`, served, run);
  refused.push(...describeRequests(unexpectedGraphErrors(requests)).split("\n").filter((l) => l !== ""));
  return {
    cliMs: run.ms, callMs, pollingMs: polling.wallMs, pollingSumMs: polling.sumMs,
    graphRequests: requests.filter((r) => r.route === "graph").length,
    ...(served.length > 0 ? { toFirstRequestMs: served[0]!.at - run.startedAt, afterLastRequestMs: run.endedAt - served.at(-1)!.at } : {}),
    spans: polling.spans.map(({ kind, path, durationMs, reads }) => ({ kind, path, durationMs, reads })),
  };
}

async function appendRequestLog(file: string, title: string, served: ReturnType<Emulator["control"]["requests"]>, run: CliRun): Promise<void> {
  const at = (t: number) => `${String(t - run.startedAt).padStart(7)} ms`;
  const lines = [`${at(run.startedAt)}  spawn`, ...served.map((r) => `${at(r.at)}  ${r.route.padEnd(8)} ${r.method.padEnd(6)} ${r.status} ${r.path}`), `${at(run.endedAt)}  exit`];
  await appendFile(file, `## ${title}\n${lines.join("\n")}\n\n`);
}

try {
  for (let round = 0; round < runs; round++) {
    const project = await openEngineStack({ cli, plugins, trust, stateDir, workDir: join(runDir, `work-project-${round}`), stackName: `bench-${round}`, passphrase: PASSPHRASE });
    await setStackConfig(project, {
      "azuread:metadataHost": { value: emulator.metadataHost ?? "" },
      "azuread:tenantId": { value: deployer.tenantId },
      "azuread:clientId": { value: deployer.clientId },
      "azuread:clientSecret": { value: deployer.clientSecret, secret: true },
      [`${PROJECT}:permissions`]: { value: PERMISSIONS },
      [`${PROJECT}:verifyOnDeploy`]: { value: VERIFY_ON_DEPLOY },
    });
    const baseline = (program: "empty" | "imports") =>
      openBaselineStack({ cli, plugins, trust, stateDir, workDir: join(runDir, `work-${program}-${round}`), stackName: `${program}-${round}`, passphrase: PASSPHRASE, program });
    const stacks: Record<Subject, Stack> = { project, empty: await baseline("empty"), imports: await baseline("imports") };
    // Rotated: no program always goes first (colder file cache) or last.
    const order = SUBJECTS.map((_, i) => SUBJECTS[(i + round) % SUBJECTS.length]!);
    for (const operation of OPERATIONS) {
      for (const subject of order) {
        const sample = await timed(stacks[subject], operation, emulator);
        samples[subject][operation].push(sample);
        log(`  round ${round + 1}/${runs}: ${LABELS[subject]} pulumi ${operation} ${ms(sample.cliMs)} (Automation API call ${ms(sample.callMs)}), consistency polling ${ms(sample.pollingMs)}, ${sample.graphRequests} Graph requests`);
      }
    }
  }
} finally {
  await emulator.close();
  await rm(runDir, { recursive: true, force: true });
}

const record = (p: { kind: string; version?: string; origin: string }) => ({ kind: p.kind, ...(p.version !== undefined ? { version: p.version } : {}), origin: p.origin });
const raw: EngineRaw = {
  cli: { version: cli.version, source: cli.source },
  provider: record(plugins.provider),
  languageHost: record(plugins.languageHost),
  pluginLines,
  permissions: PERMISSIONS,
  verifyOnDeploy: VERIFY_ON_DEPLOY,
  runs,
  samples,
  refusedRequests: refused,
};
process.stdout.write(`${JSON.stringify(raw)}\n`, () => process.exit(0));
