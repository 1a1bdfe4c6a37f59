// Pure: the derived figures that explain the ratios (where verify's cold time goes, what bounds the
// ratio to curl), computed from one run's medians. Every figure is a difference or ratio of rows
// measured in the same run; nothing here is a constant.
import {
  CHILD_PROCESS, CURL, EMPTY_TS, FLOOR, FLOOR_CACHED, HTTPS_FLOOR, IDENTITY, JOSE, JOSE_DECODE, VERIFY, VERIFY_EXTERNALS, VERIFY_HELP, VERIFY_HELP_CACHED, VERIFY_NO_CACHE,
} from "./names.ts";
import type { SmokeResult } from "../sections/smoke.ts";
import { median } from "./stats.ts";

export interface ColdBreakdown {
  /** verify as shipped (its compile cache warm from earlier runs). */
  verifyMs: number;
  floorMs: number;
  /** verify − floor. */
  gapMs: number;
  /** verify with the compile cache off: a machine's first run (when measured). */
  verifyNoCacheMs: number | undefined;
  /** verifyNoCacheMs / floor. */
  noCacheRatio: number | undefined;
  /** Pause between verify's token answer and its Graph request (request pacing), one cold run. */
  pacingPauseMs: number | undefined;
  /** Loading all of verify's modules from source: `verify --help` with the cache off − an empty .ts file. */
  verifyModulesMs: number;
  /** Loading undici alone (the floor's only import): import undici − empty ESM. */
  undiciMs: number;
  /** import node:https − empty ESM (what the node:https floor loads instead of undici). */
  httpsMs: number | undefined;
  /** verifyModulesMs − undiciMs: what verify loads beyond the floor. */
  extraModulesMs: number;
  /** import jose (its whole index) − empty ESM: no longer loaded at start-up. */
  joseMs: number | undefined;
  /** import jose/jwt/decode − empty ESM: what verify loads of jose at start-up. */
  joseDecodeMs: number | undefined;
  /** import node:child_process − empty ESM: loaded for --stack only. */
  childProcessMs: number | undefined;
  /** verify's own .ts files (type stripping + evaluation): verifyModulesMs − its dependencies' import. */
  ownFilesMs: number;
  /** `verify --help` saved by its compile cache (cache off − as shipped). */
  compileCacheSavingMs: number | undefined;
  /** Ratio to the floor if the pacing pause were gone (subtracting it from verify's median). */
  ratioWithoutPacing: number | undefined;
  /** verify as shipped / the floor with its compile cache warm too. */
  cachedRatio: number | undefined;
  /** ratio to the curl pair, floor's ratio to it, and the bare Node process's ratio to it. */
  verifyVsCurl: number;
  floorVsCurl: number;
  httpsFloorVsCurl: number | undefined;
  nodeBaselineMs: number;
  nodeBaselineVsCurl: number;
  /** The lowest a cold Node process doing this with undici can go: empty ESM + undici import, over curl. */
  nodePlusUndiciVsCurl: number;
  verifyVsIdentity: number;
  /** verify with the compile cache off / @azure/identity (when measured). */
  noCacheVsIdentity: number | undefined;
  /** The floor over @azure/identity: a client that loads undici does not beat the floor, so this bounds verify / identity. */
  floorVsIdentity: number;
}

export function coldBreakdown(smoke: SmokeResult): ColdBreakdown {
  const client = (name: string) => smoke.clients.find((c) => c.name === name)?.time.median;
  const load = (name: string) => smoke.moduleLoad.find((m) => m.name === name)?.time.median;
  const need = (value: number | undefined, name: string): number => {
    if (value === undefined) throw new Error(`no row named ${name}`);
    return value;
  };
  const verifyMs = need(client(VERIFY), VERIFY);
  const floorMs = need(client(FLOOR), FLOOR);
  const curlMs = need(client(CURL), CURL);
  const identityMs = need(client(IDENTITY), IDENTITY);
  const esm = need(smoke.moduleLoad[0]?.time.median, "baseline");
  // A row's own "over its baseline" (paired per round) when it has one; else the difference of medians.
  const over = (name: string, baseline: () => number) => smoke.moduleLoad.find((m) => m.name === name)?.overBaselineMs ?? need(load(name), name) - baseline();
  const overEsm = (name: string) => over(name, () => esm);
  const overEsmIfMeasured = (name: string) => (load(name) === undefined ? undefined : overEsm(name));
  const verifyModulesMs = over(VERIFY_HELP, () => need(load(EMPTY_TS), EMPTY_TS));
  const undiciMs = overEsm("import 'undici'");
  const token = smoke.verifyAttempts.find((a) => a.phase === "token");
  const graph = smoke.verifyAttempts.find((a) => a.phase === "graph");
  const pacingPauseMs = token && graph ? graph.startMs - (token.startMs + token.durationMs) : undefined;
  const helpCached = load(VERIFY_HELP_CACHED);
  const floorCached = client(FLOOR_CACHED);
  const httpsFloor = client(HTTPS_FLOOR);
  const noCache = client(VERIFY_NO_CACHE);
  return {
    verifyMs,
    floorMs,
    gapMs: verifyMs - floorMs,
    verifyNoCacheMs: noCache,
    noCacheRatio: noCache === undefined ? undefined : noCache / floorMs,
    pacingPauseMs,
    verifyModulesMs,
    undiciMs,
    httpsMs: overEsmIfMeasured("import 'node:https'"),
    extraModulesMs: verifyModulesMs - undiciMs,
    joseMs: overEsmIfMeasured(JOSE),
    joseDecodeMs: overEsmIfMeasured(JOSE_DECODE),
    childProcessMs: overEsmIfMeasured(CHILD_PROCESS),
    ownFilesMs: verifyModulesMs - overEsm(VERIFY_EXTERNALS),
    compileCacheSavingMs: helpCached === undefined ? undefined : need(load(VERIFY_HELP), VERIFY_HELP) - helpCached,
    ratioWithoutPacing: pacingPauseMs === undefined ? undefined : (verifyMs - pacingPauseMs) / floorMs,
    cachedRatio: floorCached !== undefined ? verifyMs / floorCached : undefined,
    verifyVsCurl: verifyMs / curlMs,
    floorVsCurl: floorMs / curlMs,
    httpsFloorVsCurl: httpsFloor === undefined ? undefined : httpsFloor / curlMs,
    nodeBaselineMs: esm,
    nodeBaselineVsCurl: esm / curlMs,
    nodePlusUndiciVsCurl: (esm + undiciMs) / curlMs,
    verifyVsIdentity: verifyMs / identityMs,
    noCacheVsIdentity: noCache === undefined ? undefined : noCache / identityMs,
    floorVsIdentity: floorMs / identityMs,
  };
}

/** Time to green, from one scenario's runs: what a run of verify consisted of. */
export interface GreenBreakdown {
  /** Median of the runs' first request after the workload's creation (verify's cold start). */
  firstRequestMs: number;
  /** Median of (exit − arrival of the last request): the successful try's answers, the report, the exit. */
  tailMs: number;
}

export function greenBreakdown(runs: ReadonlyArray<{ firstRequestAfterMs: number; lagToExitMs: number; lagToLastRequestMs: number }>): GreenBreakdown {
  if (runs.length === 0) throw new Error("no runs");
  return { firstRequestMs: median(runs.map((r) => r.firstRequestAfterMs)), tailMs: median(runs.map((r) => r.lagToExitMs - r.lagToLastRequestMs)) };
}
