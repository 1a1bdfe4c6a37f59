// Load generator for the emulator's token endpoint: N concurrent clients, each sending one
// client-credentials request after another on its own kept-alive connection (undici, loopback, TLS
// with the emulator's CA), for a warm-up and then a measured duration. Prints one JSON line:
// counts, errors and latencies (never a token: bodies are only checked for their status).
// Input (env): BENCH_TOKEN_URL, BENCH_TOKEN_FORM (0600 file), BENCH_CA_FILE, BENCH_CONCURRENCY,
// BENCH_DURATION_MS, BENCH_WARMUP_MS.
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";

const url = process.env["BENCH_TOKEN_URL"]!;
const form = readFileSync(process.env["BENCH_TOKEN_FORM"]!, "utf8");
const concurrency = Number(process.env["BENCH_CONCURRENCY"] ?? 1);
const durationMs = Number(process.env["BENCH_DURATION_MS"] ?? 5_000);
const warmupMs = Number(process.env["BENCH_WARMUP_MS"] ?? 1_000);
const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000, connect: { ca: readFileSync(process.env["BENCH_CA_FILE"]!, "utf8"), timeout: 10_000 } });

interface Tally {
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
}

async function client(until: number, tally: Tally): Promise<void> {
  while (performance.now() < until) {
    const t0 = performance.now();
    try {
      const res = await request(url, {
        method: "POST", dispatcher: agent, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form,
        headersTimeout: 10_000, bodyTimeout: 10_000,
      });
      await res.body.dump({ limit: 1 << 20 });
      tally.statuses[res.statusCode] = (tally.statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) tally.ok++;
      else tally.errors++;
    } catch (err) {
      const code = (err as { code?: string }).code ?? "exception";
      tally.statuses[code] = (tally.statuses[code] ?? 0) + 1;
      tally.errors++;
    }
    tally.latenciesMs.push(performance.now() - t0);
  }
}

async function phase(ms: number): Promise<Tally & { elapsedMs: number }> {
  const tally: Tally = { ok: 0, errors: 0, statuses: {}, latenciesMs: [] };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => client(started + ms, tally)));
  return { ...tally, elapsedMs: performance.now() - started };
}

await phase(warmupMs);
const measured = await phase(durationMs);
await agent.close();
process.stdout.write(`${JSON.stringify({ concurrency, ...measured })}\n`);
