// Small hand-made results: round numbers, so that every derived figure can be checked by hand.
import { CURL, EMPTY_TS, FLOOR, HTTPS_FLOOR, IDENTITY, MSAL, VERIFY, VERIFY_EXTERNALS, VERIFY_HELP } from "../../bench/lib/names.ts";
import { engineFigures, type EngineRaw, type EngineSample } from "../../bench/lib/engine-figures.ts";
import type { Results } from "../../bench/lib/results.ts";
import type { Summary } from "../../bench/lib/stats.ts";
import type { SmokeResult } from "../../bench/sections/smoke.ts";

export const at = (median: number): Summary => ({ n: 5, median, min: median * 0.9, max: median * 1.2 });

export function smokeFixture(): SmokeResult {
  const client = (name: string, median: number) => ({ name, commandLine: name, requests: "token 1, graph 1", time: at(median), peakMiB: at(80), ratioToFloor: median / 400, pairedRatioToFloor: at(median / 400) });
  const load = (name: string, median: number, baseline?: string, over?: number) => ({ name, commandLine: name, time: at(median), ...(baseline ? { baseline, overBaselineMs: over! } : {}) });
  return {
    clients: [client(VERIFY, 800), client(FLOOR, 400), client(HTTPS_FLOOR, 250), client(CURL, 50), client(IDENTITY, 700), client(MSAL, 720)],
    moduleLoad: [
      load("node, empty ESM -e (baseline)", 100),
      load("import 'node:https'", 160, "node, empty ESM -e (baseline)", 60),
      load("import 'undici'", 300, "node, empty ESM -e (baseline)", 200),
      load("import 'jose'", 130, "node, empty ESM -e (baseline)", 30),
      load("import 'node:child_process'", 110, "node, empty ESM -e (baseline)", 10),
      load(VERIFY_EXTERNALS, 350, "node, empty ESM -e (baseline)", 250),
      load(EMPTY_TS, 190),
      load(VERIFY_HELP, 540, EMPTY_TS, 350),
    ],
    warm: {
      iterations: 30, warmup: 10, floor: at(4), verify: at(252), verifyUnpaced: at(5), ratio: 63, ratioUnpaced: 1.25, pairedRatio: at(63), pairedRatioUnpaced: at(1.25),
    },
    verifyTimings: { totalMs: 260 },
    verifyAttempts: [
      { phase: "token", startMs: 2, durationMs: 38 },
      { phase: "graph", startMs: 252, durationMs: 6 },
    ],
  };
}

/** Three rounds; the project's figures are round numbers so that every ratio can be checked by hand. */
export function engineRawFixture(): EngineRaw {
  const samples = (cliMs: number[], pollingMs: number, graphRequests: number, spans: EngineSample["spans"] = []): EngineSample[] =>
    cliMs.map((ms) => ({
      cliMs: ms, callMs: ms + 1_000, pollingMs, pollingSumMs: pollingMs, graphRequests, spans,
      ...(graphRequests > 0 ? { toFirstRequestMs: 1_500, afterLastRequestMs: 300 } : {}),
    }));
  return {
    cli: { version: "v3.274.1", source: "built" },
    provider: { kind: "real", version: "6.9.1", origin: "from plugins/pulumi-resource-azuread-v6.9.1-linux-amd64.tar.gz" },
    languageHost: { kind: "real", version: "v3.259.0", origin: "beside the CLI" },
    pluginLines: ["azuread provider: real pulumi-resource-azuread 6.9.1", "language host: real pulumi-language-nodejs v3.259.0"],
    permissions: ["User.Read.All"],
    verifyOnDeploy: "off",
    runs: 3,
    samples: {
      project: {
        up: samples([9_000, 10_000, 12_000], 4_000, 25, [{ kind: "addPassword", path: "/applications/a", durationMs: 4_000, reads: 5 }]),
        preview: samples([2_600, 3_000, 3_400], 0, 2),
        destroy: samples([41_000, 42_000, 43_000], 40_000, 19),
      },
      empty: {
        up: samples([4_000, 5_000, 6_000], 0, 0),
        preview: samples([2_000, 2_000, 2_000], 0, 0),
        destroy: samples([500, 500, 500], 0, 0),
      },
      imports: {
        up: samples([5_000, 6_000, 7_000], 0, 0),
        preview: samples([2_500, 2_500, 2_500], 0, 0),
        destroy: samples([500, 500, 500], 0, 0),
      },
    },
    refusedRequests: [],
  };
}

export function resultsFixture(): Results {
  return {
    meta: {
      date: "2026-01-31T12:00:00.000Z",
      command: "npm run bench",
      durationS: 400,
      machine: { cpu: "Test CPU", cores: 2, memoryGiB: 4, os: "Debian", kernel: "Linux 6", node: "v24.0.0", curl: "curl 7.88.1 (x86_64)", commit: "abc1234", uncommitted: [] },
      loadBefore: [0.1, 0.1, 0.1],
      loadAfter: [0.2, 0.1, 0.1],
      timingTool: "hyperfine 1.15.0",
      memoryTool: "GNU time",
      settings: { smoke: { runs: 10, warmup: 2, memoryRuns: 5 } },
    },
    smoke: smokeFixture(),
    timeToGreen: {
      pollIntervalMs: 10_000,
      scenarios: [
        {
          kind: "secret",
          delayMs: 5_000,
          verify: {
            runs: [{ lagToExitMs: 700, lagToLastRequestMs: 650, requests: 6, tokenRequests: 5, graphRequests: 1, rejectedRequests: 4, wallMs: 5_700, requestsPerSecond: 1.05, firstRequestAfterMs: 500 }],
            lagMs: at(700), lagToLastRequestMs: at(650), requests: at(6), requestsPerSecond: at(1.05),
          },
          pollLoop: {
            runs: [{ lagToExitMs: 5_050, lagToLastRequestMs: 5_000, requests: 3, tokenRequests: 2, graphRequests: 1, rejectedRequests: 1, wallMs: 10_100, requestsPerSecond: 0.3, firstRequestAfterMs: 300 }],
            lagMs: at(5_050), lagToLastRequestMs: at(5_000), requests: at(3), requestsPerSecond: at(0.3),
          },
        },
      ],
    },
    program: {
      rows: [
        { name: "program, 1 permission", mode: "program", permissions: 1, registered: 7, azureNativeFiles: 0, undiciFiles: 109, time: at(1_300), peakMiB: at(180) },
        { name: "bare imports", mode: "bare", permissions: 0, registered: 0, azureNativeFiles: 0, undiciFiles: 0, time: at(1_000), peakMiB: at(150) },
        { name: "bare imports + all of @pulumi/azure-native", mode: "azure-native", permissions: 0, registered: 0, azureNativeFiles: 490, undiciFiles: 0, time: at(1_400) },
        { name: "bare imports + verify/index.ts", mode: "bare-verify", permissions: 0, registered: 0, azureNativeFiles: 0, undiciFiles: 109, time: at(1_250) },
      ],
      startupRatio: 1.3,
      azureNativeExtraMs: 400,
      verifyImportExtraMs: 250,
    },
    capacity: {
      durationMs: 5_000,
      warmupMs: 1_000,
      rounds: 3,
      levels: [{ concurrency: 1, perSecond: at(400), requests: 6_000, errors: 0, statuses: { "200": 6_000 }, latencyP50Ms: 2.4, latencyP99Ms: 6 }],
    },
    engine: engineFigures(engineRawFixture()),
    targets: [],
  };
}
