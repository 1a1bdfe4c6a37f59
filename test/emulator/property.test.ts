// Property: whatever is sent to whatever route, the emulator answers (no 500, no crash) and every
// answer is well-formed for its route: AADSTS JSON on Entra's routes, Graph's error JSON under
// /v1.0 and /beta, the control API's JSON elsewhere, JSON on success.
//
// `npm test` runs a few hundred generated requests; `npm run test:fuzz` runs FUZZ_REQUESTS (10^5)
// through the same property, and FUZZ_RAW raw-socket cases.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { parseTarget } from "../../emulator/http/request-target.ts";
import { classify } from "../../emulator/server.ts";
import { byteMutationArbitrary, mutateBytes, rawTemplates, requestArbitrary } from "./fixtures/request-arbitraries.ts";
import type { FuzzSetup, GeneratedRequest } from "./fixtures/request-arbitraries.ts";
import { expectAadstsShape, expectControlErrorShape, expectGraphErrorShape, getToken, graph, parseRawResponse, rawExchange, rawRequest } from "./helpers.ts";
import type { RawResponse } from "./helpers.ts";
import { AUDIENCE, trust } from "./fixtures/federation.ts";

const FUZZ_SUBJECT = "repo:contoso/fuzz:ref:refs/heads/main";

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 800);
const RAW_CASES = Number(process.env.FUZZ_RAW ?? 80);
const BATCH = 8; // requests in flight at once: concurrency is part of what is tested
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
// A run of 10^5 requests takes minutes; the per-test timeout grows with it.
const TIMEOUT_MS = 60_000 + REQUESTS * 5;

let emulator: Emulator;
let setup: FuzzSetup;

function checkAnswer(path: string, method: string, response: RawResponse): void {
  const route = classify(parseTarget(path, "http://127.0.0.1:1")?.pathname ?? "/");
  if (response.status >= 500 || response.status < 200) throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
  if (method === "HEAD" || response.status === 204) return;
  if (response.status >= 400) {
    const body = response.body as { error_codes?: unknown[]; error?: { code?: unknown } };
    if (route === "token" || route === "discovery" || route === "keys") expectAadstsShape(response, Number(body.error_codes?.[0]));
    else if (route === "graph") expectGraphErrorShape(response, response.status, String(body.error?.code));
    else expectControlErrorShape(response, response.status, String(body.error?.code));
    return;
  }
  if (!/^application\/json/.test(response.headers.get("content-type") ?? "")) throw new Error(`${method} ${path} answered ${response.status} without JSON`);
  JSON.parse(response.text);
}

beforeAll(async () => {
  emulator = await startEmulator({ timeouts: { headersMs: 500, requestMs: 800, keepAliveMs: 200, checkIntervalMs: 50 } });
  const workload = emulator.control.createWorkload({ displayName: "fuzz target", permissions: ["User.Read.All"] });
  const deployer = emulator.control.createDeployer();
  const victim = emulator.control.createWorkload({ displayName: "fuzz victim", permissions: [] });
  const { issuer } = emulator.control.createIssuer({ name: "fuzz" });
  await trust(emulator, workload, [{ issuer, subject: FUZZ_SUBJECT }]);
  const scratch = emulator.control.createTenant({ displayName: "fuzz scratch" });
  const graphSp = emulator.control.objects(emulator.defaultTenantId).servicePrincipals
    .find((sp) => (sp as { appId?: string }).appId === "00000003-0000-0000-c000-000000000000") as { id: string };
  setup = {
    origin: emulator.authorityHost,
    port: Number(new URL(emulator.authorityHost).port),
    tenantId: emulator.defaultTenantId,
    scratchTenantId: scratch.tenantId,
    workload: { ...workload },
    deployer: { ...deployer },
    victim: { ...victim },
    graphServicePrincipalId: graphSp.id,
    readToken: await getToken(emulator, workload),
    deployerToken: await getToken(emulator, deployer),
    federatedToken: emulator.control.mintToken("fuzz", { subject: FUZZ_SUBJECT, audience: AUDIENCE }).token,
  };
});

afterAll(async () => {
  await emulator?.close();
});

describe("property: random and mutated requests", () => {
  it(`answer every one of ${REQUESTS} requests without a 500, in the route's shape`, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(requestArbitrary(setup), { minLength: BATCH, maxLength: BATCH }), async (batch: GeneratedRequest[]) => {
        const responses = await Promise.all(batch.map((generated) => rawRequest(emulator, generated.request)));
        sent += batch.length;
        batch.forEach((generated, i) => checkAnswer(generated.request.path, generated.request.method ?? "GET", responses[i]!));
        // Faults are not generated; should a mutation ever make a valid one, it must not answer for later requests.
        emulator.control.clearFaults();
      }),
      { numRuns: Math.ceil(REQUESTS / BATCH), ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    expect(emulator.control.requests().filter((entry) => entry.status >= 500)).toEqual([]);
  }, TIMEOUT_MS);

  it(`answer ${RAW_CASES} byte-mutated raw requests with well-formed HTTP, or close`, async () => {
    const raws = rawTemplates(setup);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: raws.length - 1 }), fc.array(byteMutationArbitrary, { minLength: 1, maxLength: 3 })), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const exchanges = await Promise.all(batch.map(([index, mutations]) => rawExchange(emulator, mutations.reduce(mutateBytes, raws[index]!))));
        for (const raw of exchanges) {
          if (raw === "") continue; // closed without an answer: the request never completed
          const response = parseRawResponse(raw);
          if (!/^HTTP\/1\.1 \d{3} /.test(raw) || response.status >= 500 || response.status < 100) throw new Error(`raw answer: ${raw.slice(0, 300)}`);
          const length = Number(response.headers.get("content-length") ?? 0);
          if (length > 0 && /^application\/json/.test(response.headers.get("content-type") ?? "")) JSON.parse(response.text.slice(0, length));
        }
        emulator.control.clearFaults();
      }),
      { numRuns: Math.ceil(RAW_CASES / BATCH), ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  }, TIMEOUT_MS);

  it("leave the emulator issuing tokens and serving Graph", async () => {
    const workload = emulator.control.createWorkload({ displayName: "after the storm", permissions: ["User.Read.All"] });
    const token = await getToken(emulator, workload);
    expect((await graph(emulator, token, "GET", "/users?$top=1")).status).toBe(200);
  });
});
