// Warm, in-process: verifyWorkload against the floor's two requests, both on one kept-alive undici
// Agent that trusts the emulator's CA. Alternates floor / verify / verify with no pacing in one loop so
// that each triple shares the machine's load of the moment. Prints one JSON line of timings (no secrets).
// Input (env): BENCH_OUTPUTS (stack outputs file, 0600), BENCH_CA_FILE, BENCH_GRAPH_PATH,
// BENCH_WARM_ITERATIONS, BENCH_WARM_WARMUP.
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";
import { verifyWorkload } from "../../verify/index.ts";
import type { StackOutputs } from "../../verify/index.ts";

const outputs = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as StackOutputs & { clientSecret: string; scope: string; authorityHost: string; graphEndpoint: string };
const agent = new Agent({ connect: { ca: readFileSync(process.env["BENCH_CA_FILE"]!, "utf8"), timeout: 10_000 }, keepAliveTimeout: 60_000 });
const graphPath = process.env["BENCH_GRAPH_PATH"]!;
const iterations = Number(process.env["BENCH_WARM_ITERATIONS"] ?? 30);
const warmup = Number(process.env["BENCH_WARM_WARMUP"] ?? 10);
const timeouts = { headersTimeout: 10_000, bodyTimeout: 10_000 };
const form = new URLSearchParams({ client_id: outputs.clientId, scope: outputs.scope, client_secret: outputs.clientSecret, grant_type: "client_credentials" }).toString();

async function floorPair(): Promise<void> {
  const token = await request(`${outputs.authorityHost}/${outputs.tenantId}/oauth2/v2.0/token`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, dispatcher: agent, ...timeouts,
  });
  const { access_token: accessToken } = (await token.body.json()) as { access_token?: string };
  if (token.statusCode !== 200 || !accessToken) throw new Error(`token request failed: HTTP ${token.statusCode}`);
  const graph = await request(`${outputs.graphEndpoint}${graphPath}`, { headers: { authorization: `Bearer ${accessToken}` }, dispatcher: agent, ...timeouts });
  await graph.body.dump();
  if (graph.statusCode !== 200) throw new Error(`Graph request failed: HTTP ${graph.statusCode}`);
}

async function verify(minRequestIntervalMs?: number): Promise<void> {
  const report = await verifyWorkload(outputs, { dispatcher: agent, timeoutMs: 30_000, ...(minRequestIntervalMs !== undefined ? { minRequestIntervalMs } : {}) });
  if (!report.ok) throw new Error(`verifyWorkload failed: ${report.checks.filter((c) => c.status === "fail").map((c) => `${c.name} ${c.code ?? ""}`).join(", ")}`);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const variants: Array<[string, () => Promise<void>]> = [
  ["floor", floorPair],
  ["verify", () => verify()],
  ["verifyUnpaced", () => verify(0)],
];
const times: Record<string, number[]> = Object.fromEntries(variants.map(([name]) => [name, []]));
for (let i = 0; i < warmup; i++) for (const [, fn] of variants) await fn();
for (let i = 0; i < iterations; i++) {
  // Rotate the order each iteration: no variant always runs right after another one's GC.
  for (let k = 0; k < variants.length; k++) {
    const [name, fn] = variants[(i + k) % variants.length]!;
    times[name]!.push(await timed(fn));
  }
}
await agent.close();
process.stdout.write(`${JSON.stringify({ iterations, warmup, times })}\n`);
