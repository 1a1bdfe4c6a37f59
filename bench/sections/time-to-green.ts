// Section 2: time to green. A fresh workload whose secret (or role assignment) the emulator refuses
// to honour for D seconds; a client starts right after creation, as a pipeline would after
// `pulumi up`. Measured for two clients side by side: the real verify CLI, and the usual
// hand-written loop that tries every 10 s (bench/peers/poll-loop.ts). For each: the lag between the
// moment the emulator starts accepting (creation + D, on the emulator's clock) and the client's exit
// with success, and the requests it made (from the emulator's request log). One emulator process
// per run, so that the log holds that run only; the runs of one scenario go in parallel (they mostly
// sleep).
import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { startEmulatorProcess, type EmulatorProcess, type RequestLogEntry } from "../lib/emulator-process.ts";
import { writeSecretsDir } from "../lib/secrets-dir.ts";
import { summarize, type Summary } from "../lib/stats.ts";

export type ReplicationKind = "secret" | "role";

export interface GreenSettings {
  repoRoot: string;
  replicates: number;
  delaysMs: number[];
  kinds: ReplicationKind[];
  pollIntervalMs: number;
}

export type GreenClient = "verify" | "poll-loop";

export interface GreenRun {
  /** verify's exit (success) − acceptance moment. */
  lagToExitMs: number;
  /** Arrival of verify's last request (the successful one) − acceptance moment. */
  lagToLastRequestMs: number;
  requests: number;
  tokenRequests: number;
  graphRequests: number;
  /** Requests answered before the acceptance moment (what verify spent waiting). */
  rejectedRequests: number;
  /** From spawning verify to its exit. */
  wallMs: number;
  requestsPerSecond: number;
  /** First request's arrival − creation: verify's cold start. */
  firstRequestAfterMs: number;
}

export interface ClientSummary {
  runs: GreenRun[];
  lagMs: Summary;
  lagToLastRequestMs: Summary;
  requests: Summary;
  requestsPerSecond: Summary;
}

export interface GreenScenario {
  kind: ReplicationKind;
  delayMs: number;
  verify: ClientSummary;
  pollLoop: ClientSummary;
}

export interface GreenResult {
  pollIntervalMs: number;
  scenarios: GreenScenario[];
}

/** Runs start 1 s apart: five cold Node processes at once on 2 cores would delay each other's first request. */
const STAGGER_MS = 1_000;

export async function runTimeToGreen(settings: GreenSettings, log: (line: string) => void): Promise<GreenResult> {
  const scenarios: GreenScenario[] = [];
  for (const delayMs of settings.delaysMs) {
    for (const kind of settings.kinds) {
      log(`  ${kind} replication ${delayMs / 1000} s: verify and a ${settings.pollIntervalMs / 1000} s loop, ${settings.replicates} runs each in parallel, one emulator per run`);
      const clients: GreenClient[] = ["verify", "poll-loop"];
      const plan = Array.from({ length: settings.replicates }, () => clients).flat();
      const emulators = await Promise.all(plan.map(() => startEmulatorProcess(settings.repoRoot)));
      try {
        const runs = await Promise.all(emulators.map(async (emulator, i) => {
          await delay(i * STAGGER_MS);
          return { client: plan[i]!, run: await oneRun(emulator, plan[i]!, kind, delayMs, settings) };
        }));
        const of = (client: GreenClient) => summarizeClient(runs.filter((r) => r.client === client).map((r) => r.run));
        scenarios.push({ kind, delayMs, verify: of("verify"), pollLoop: of("poll-loop") });
      } finally {
        await Promise.all(emulators.map((e) => e.close()));
      }
    }
  }
  return { pollIntervalMs: settings.pollIntervalMs, scenarios };
}

async function oneRun(emulator: EmulatorProcess, client: GreenClient, kind: ReplicationKind, delayMs: number, settings: GreenSettings): Promise<GreenRun> {
  const { tenantId } = await emulator.createTenant();
  await emulator.setReplicationDelays(tenantId, kind === "secret" ? { secretMs: delayMs } : { roleAssignmentMs: delayMs });
  const offsetMs = await clockOffset(emulator);
  const workload = await emulator.createWorkload({ displayName: `bench-green-${kind}`, permissions: ["User.Read.All"], tenantId });
  const secrets = await writeSecretsDir(workload, emulator);
  try {
    await emulator.clearRequests();
    const spawnAt = Date.now();
    const { code, stdout, exitAt } = await runClient(client, settings, secrets.outputsFile, emulator.caFile, delayMs);
    if (code !== 0) throw new Error(`${client} exited with ${code} in the ${kind} ${delayMs} ms scenario: ${client === "verify" ? summarizeReport(stdout) : "gave up"}`);

    const objects = await emulator.objects(tenantId);
    const createdAt = kind === "secret" ? secretCreatedAt(objects.applications, workload.clientId) : assignmentCreatedAt(objects.appRoleAssignments, workload.servicePrincipalObjectId);
    const acceptAt = createdAt + delayMs;
    const entries = (await emulator.requests()).filter((e) => e.route !== "control");
    if (entries.length === 0) throw new Error("the emulator logged no request from verify");
    const last = entries.at(-1)!;
    const wallMs = exitAt - spawnAt;
    return {
      lagToExitMs: exitAt + offsetMs - acceptAt,
      lagToLastRequestMs: last.at - acceptAt,
      requests: entries.length,
      tokenRequests: count(entries, "token"),
      graphRequests: count(entries, "graph"),
      rejectedRequests: entries.filter((e) => e.at < acceptAt).length,
      wallMs,
      requestsPerSecond: (entries.length * 1000) / wallMs,
      firstRequestAfterMs: entries[0]!.at - createdAt,
    };
  } finally {
    await secrets.remove();
  }
}

function count(entries: readonly RequestLogEntry[], route: string): number {
  return entries.filter((e) => e.route === route).length;
}

/** Emulator clock − this process's clock (both epoch ms), from a bracketed read. */
async function clockOffset(emulator: EmulatorProcess): Promise<number> {
  const before = Date.now();
  const now = await emulator.now();
  const after = Date.now();
  return now - (before + after) / 2;
}

function secretCreatedAt(applications: ReadonlyArray<Record<string, unknown>>, clientId: string): number {
  const app = applications.find((a) => a["appId"] === clientId);
  const credentials = (app?.["passwordCredentials"] ?? []) as Array<{ startDateTime: string }>;
  if (credentials.length === 0) throw new Error("the workload's application has no password credential");
  // createWorkload sets no explicit start, so startDateTime is the creation time (ms precision).
  return Math.max(...credentials.map((c) => Date.parse(c.startDateTime)));
}

function assignmentCreatedAt(assignments: ReadonlyArray<Record<string, unknown>>, principalId: string): number {
  const mine = assignments.filter((a) => a["principalId"] === principalId);
  if (mine.length === 0) throw new Error("the workload has no app role assignment");
  return Math.max(...mine.map((a) => Date.parse(String(a["createdDateTime"]))));
}

function runClient(client: GreenClient, settings: GreenSettings, outputsFile: string, caFile: string, delayMs: number): Promise<{ code: number | null; stdout: string; exitAt: number }> {
  return new Promise((resolve, reject) => {
    // verify: `--deployed-at now`, what a pipeline passes right after `pulumi up` (replication window 180 s).
    const argv = client === "verify" ? ["verify/cli.ts", "--outputs", outputsFile, "--json", "--deployed-at", "now"] : ["bench/peers/poll-loop.ts"];
    const child = spawn(process.execPath, argv, {
      cwd: settings.repoRoot,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, BENCH_OUTPUTS: outputsFile, BENCH_POLL_MS: String(settings.pollIntervalMs) },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs + 120_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      const exitAt = Date.now();
      clearTimeout(timer);
      resolve({ code, stdout, exitAt });
    });
  });
}

/** Failed checks' names and codes only (the report never holds a secret, but keep errors short). */
function summarizeReport(stdout: string): string {
  try {
    const report = JSON.parse(stdout) as { checks: Array<{ name: string; status: string; code?: string }> };
    return report.checks.filter((c) => c.status === "fail").map((c) => `${c.name} ${c.code ?? ""}`).join(", ");
  } catch {
    return "no JSON report";
  }
}

function summarizeClient(runs: GreenRun[]): ClientSummary {
  return {
    runs,
    lagMs: summarize(runs.map((r) => r.lagToExitMs)),
    lagToLastRequestMs: summarize(runs.map((r) => r.lagToLastRequestMs)),
    requests: summarize(runs.map((r) => r.requests)),
    requestsPerSecond: summarize(runs.map((r) => r.requestsPerSecond)),
  };
}
