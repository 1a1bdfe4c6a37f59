// Pure: the derived figures that explain the ratios (where verify's cold time goes, what bounds the
// ratio to curl), computed from one run's medians. Every figure is a difference or ratio of rows
// measured in the same run; nothing here is a constant.
import {
  CURL, EMPTY_TS, FLOOR, FLOOR_CACHED, HTTPS_FLOOR, IDENTITY, VERIFY, VERIFY_CACHED, VERIFY_EXTERNALS, VERIFY_HELP, VERIFY_HELP_CACHED,
} from "./names.ts";
import type { SmokeResult } from "../sections/smoke.ts";

export interface ColdBreakdown {
  verifyMs: number;
  floorMs: number;
  /** verify − floor. */
  gapMs: number;
  /** Pause between verify's token answer and its Graph request (its request pacing), one cold run. */
  pacingPauseMs: number | undefined;
  /** Loading all of verify's modules: `verify --help` − an empty .ts file. */
  verifyModulesMs: number;
  /** Loading undici alone (the floor's only import): import undici − empty ESM. */
  undiciMs: number;
  /** verifyModulesMs − undiciMs: what verify loads beyond the floor. */
  extraModulesMs: number;
  /** import jose − empty ESM. */
  joseMs: number;
  /** import node:child_process − empty ESM. */
  childProcessMs: number;
  /** verify's own .ts files (type stripping + evaluation): verifyModulesMs − its dependencies' import. */
  ownFilesMs: number;
  /** `verify --help` saved by a warm compile cache. */
  compileCacheSavingMs: number | undefined;
  /** Ratio to the floor if the pacing pause were gone (subtracting it from verify's median). */
  ratioWithoutPacing: number | undefined;
  /** Both with a warm compile cache. */
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
  /** The floor over @azure/identity: verify cannot beat the floor, so this bounds verify / identity. */
  floorVsIdentity: number;
  /** Estimated verify / floor without the pacing pause and without loading jose at start-up. */
  ratioWithoutPacingAndJose: number | undefined;
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
  const esm = need(smoke.moduleLoad[0]?.time.median, "baseline");
  // A row's own "over its baseline" (paired per round) when it has one; else the difference of medians.
  const over = (name: string, baseline: () => number) => smoke.moduleLoad.find((m) => m.name === name)?.overBaselineMs ?? need(load(name), name) - baseline();
  const overEsm = (name: string) => over(name, () => esm);
  const verifyModulesMs = over(VERIFY_HELP, () => need(load(EMPTY_TS), EMPTY_TS));
  const undiciMs = overEsm("import 'undici'");
  const token = smoke.verifyAttempts.find((a) => a.phase === "token");
  const graph = smoke.verifyAttempts.find((a) => a.phase === "graph");
  const pacingPauseMs = token && graph ? graph.startMs - (token.startMs + token.durationMs) : undefined;
  const helpCached = load(VERIFY_HELP_CACHED);
  const verifyCached = client(VERIFY_CACHED);
  const floorCached = client(FLOOR_CACHED);
  const httpsFloor = client(HTTPS_FLOOR);
  return {
    verifyMs,
    floorMs,
    gapMs: verifyMs - floorMs,
    pacingPauseMs,
    verifyModulesMs,
    undiciMs,
    extraModulesMs: verifyModulesMs - undiciMs,
    joseMs: overEsm("import 'jose'"),
    childProcessMs: overEsm("import 'node:child_process'"),
    ownFilesMs: verifyModulesMs - overEsm(VERIFY_EXTERNALS),
    compileCacheSavingMs: helpCached === undefined ? undefined : need(load(VERIFY_HELP), VERIFY_HELP) - helpCached,
    ratioWithoutPacing: pacingPauseMs === undefined ? undefined : (verifyMs - pacingPauseMs) / floorMs,
    cachedRatio: verifyCached !== undefined && floorCached !== undefined ? verifyCached / floorCached : undefined,
    verifyVsCurl: verifyMs / curlMs,
    floorVsCurl: floorMs / curlMs,
    httpsFloorVsCurl: httpsFloor === undefined ? undefined : httpsFloor / curlMs,
    nodeBaselineMs: esm,
    nodeBaselineVsCurl: esm / curlMs,
    nodePlusUndiciVsCurl: (esm + undiciMs) / curlMs,
    verifyVsIdentity: verifyMs / need(client(IDENTITY), IDENTITY),
    floorVsIdentity: floorMs / need(client(IDENTITY), IDENTITY),
    ratioWithoutPacingAndJose: pacingPauseMs === undefined ? undefined : (verifyMs - pacingPauseMs - overEsm("import 'jose'")) / floorMs,
  };
}
