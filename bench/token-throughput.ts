// `npm run bench:tokens [-- --duration-ms N] [--warmup-ms N] [--clients N]`
//
// Measures, in one run on one machine:
//   (a) the single-core RSA-2048 sign rate: node:crypto RS256 over a JWT shaped like the
//       emulator's Graph tokens, signed synchronously in a loop on this process's one thread;
//   (b) token requests per second from N concurrent clients (default 8), each on its own kept-alive
//       connection, against the emulator started by its CLI (`node emulator/cli.ts`) in a child
//       process, over HTTP and over HTTPS. Every answer must be 200: any other status or a transport
//       error counts as an error, and a run with errors fails (exit 1).
// The ratio tokens/s ÷ sign rate says how close the emulator gets to what signing alone allows.
// Prints a raw markdown table and writes bench/results/token-throughput.json (git-ignored).
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    "duration-ms": { type: "string", default: "8000" },
    "warmup-ms": { type: "string", default: "2000" },
    clients: { type: "string", default: "8" },
  },
});
const durationMs = Number(args["duration-ms"]);
const warmupMs = Number(args["warmup-ms"]);
const clients = Number(args.clients);

// --- (a) single-core sign rate -------------------------------------------------------------

function signRate(ms: number): number {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const tid = "3f0e2a8b-5c1d-4e6f-9a7b-1c2d3e4f5a6b";
  const header = b64({ typ: "JWT", nonce: randomBytes(32).toString("base64url"), alg: "RS256", x5t: "x".repeat(27), kid: "x".repeat(27) });
  const payload = b64({
    aud: "https://graph.microsoft.com", iss: `https://sts.windows.net/${tid}/`, iat: 1, nbf: 1, exp: 3901,
    aio: randomBytes(40).toString("base64url"), app_displayname: "bench", appid: tid, appidacr: "1",
    idp: `https://sts.windows.net/${tid}/`, idtyp: "app", oid: tid, rh: `0.${randomBytes(30).toString("base64url")}.`,
    roles: ["User.Read.All"], sub: tid, tid, uti: randomBytes(16).toString("base64url"), ver: "1.0",
  });
  const data = Buffer.from(`${header}.${payload}`);
  for (let i = 0; i < 50; i++) sign("sha256", data, privateKey); // warm up
  let count = 0;
  const started = performance.now();
  const until = started + ms;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i++) sign("sha256", data, privateKey);
    count += 20;
  }
  return count / ((performance.now() - started) / 1000);
}

// --- (b) token requests per second -------------------------------------------------------------

interface Ready { authorityHost: string; controlUrl: string; caFile?: string }

async function startEmulatorProcess(https: boolean): Promise<{ child: ChildProcess; ready: Ready; ca?: string }> {
  const cliArgs = [join(root, "emulator/cli.ts"), ...(https ? ["--https"] : [])];
  const child = spawn(process.execPath, cliArgs, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before its ready line: ${stderr}`)));
  });
  const ready = JSON.parse(line) as Ready;
  return { child, ready, ca: ready.caFile ? await readFile(ready.caFile, "utf8") : undefined };
}

interface Tally { ok: number; errors: number; statuses: Record<string, number>; latencies: number[] }

async function load(url: string, form: string, agent: Agent, ms: number): Promise<Tally & { seconds: number }> {
  const tally: Tally = { ok: 0, errors: 0, statuses: {}, latencies: [] };
  const started = performance.now();
  const until = started + ms;
  const client = async (): Promise<void> => {
    while (performance.now() < until) {
      const t0 = performance.now();
      let key: string;
      try {
        const res = await request(url, {
          method: "POST", dispatcher: agent, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form,
          headersTimeout: 10_000, bodyTimeout: 10_000,
        });
        const body = await res.body.text();
        key = String(res.statusCode);
        if (res.statusCode === 200 && body.includes('"access_token"')) tally.ok++;
        else tally.errors++;
      } catch (error) {
        key = (error as { code?: string }).code ?? "exception";
        tally.errors++;
      }
      tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
      tally.latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { ...tally, seconds: (performance.now() - started) / 1000 };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

interface TransportResult {
  transport: "http" | "https";
  tokensPerSecond: number;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

async function measure(https: boolean): Promise<TransportResult> {
  const { child, ready, ca } = await startEmulatorProcess(https);
  const agent = new Agent({ connections: clients, pipelining: 1, keepAliveTimeout: 60_000, connect: { ...(ca ? { ca } : {}), timeout: 10_000 } });
  try {
    const created = await request(`${ready.controlUrl}/workloads`, {
      method: "POST", dispatcher: agent, headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "bench-token-throughput", permissions: ["User.Read.All"] }),
    });
    const workload = (await created.body.json()) as { tenantId: string; clientId: string; clientSecret: string };
    if (created.statusCode !== 201) throw new Error(`creating the workload answered ${created.statusCode}`);
    const url = `${ready.authorityHost}/${workload.tenantId}/oauth2/v2.0/token`;
    const form = new URLSearchParams({
      grant_type: "client_credentials", client_id: workload.clientId, client_secret: workload.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString();
    await load(url, form, agent, warmupMs);
    const run = await load(url, form, agent, durationMs);
    return {
      transport: https ? "https" : "http",
      tokensPerSecond: run.ok / run.seconds,
      requests: run.ok + run.errors,
      errors: run.errors,
      statuses: run.statuses,
      latencyP50Ms: percentile(run.latencies, 50),
      latencyP99Ms: percentile(run.latencies, 99),
    };
  } finally {
    await agent.close();
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

// --- run -----------------------------------------------------------------------------------

const loadBefore = loadavg();
// The sign rate is sampled before and after the load runs, and the higher sample is kept: other
// work on a shared machine can only lower it, and a lower reference would flatter the ratio.
const signBefore = signRate(Math.min(durationMs, 3000));
const results = [await measure(false), await measure(true)];
const signAfter = signRate(Math.min(durationMs, 3000));
const signPerSecond = Math.max(signBefore, signAfter);

const report = {
  measuredAt: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
  settings: { clients, durationMs, warmupMs },
  signPerSecond: { kept: signPerSecond, before: signBefore, after: signAfter },
  transports: results.map((r) => ({ ...r, ratioToSignRate: r.tokensPerSecond / signPerSecond })),
};

const fixed = (n: number, digits = 0): string => n.toFixed(digits);
const lines = [
  `| measure | ${clients} clients, tokens/s | errors | p50 ms | p99 ms | ratio to 1-core sign rate |`,
  "|---|---:|---:|---:|---:|---:|",
  `| RSA-2048 RS256 sign, 1 core | ${fixed(signPerSecond)} (before ${fixed(signBefore)}, after ${fixed(signAfter)}) | | | | 1.00 |`,
  ...report.transports.map((r) => `| emulator token endpoint, ${r.transport} | ${fixed(r.tokensPerSecond)} | ${r.errors} of ${r.requests} | ${fixed(r.latencyP50Ms, 2)} | ${fixed(r.latencyP99Ms, 2)} | ${fixed(r.ratioToSignRate, 2)} |`),
];
process.stdout.write(`${lines.join("\n")}\n\n${cpus().length} cores (${report.machine.cpu}), ${process.version}, load average before ${loadBefore.map((n) => n.toFixed(2)).join(" ")}, after ${report.machine.loadAverageAfter.map((n) => n.toFixed(2)).join(" ")}\n`);

const out = join(root, "bench/results/token-throughput.json");
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
if (results.some((r) => r.errors > 0)) {
  process.stderr.write("token-throughput: some requests failed (see statuses in the JSON)\n");
  process.exitCode = 1;
}
