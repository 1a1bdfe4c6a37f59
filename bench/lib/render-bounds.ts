// Pure: the "What bounds the figures" section of BENCHMARKS.md. Every figure comes from the run's
// results (or, for verify's retry pace, from verify/backoff.ts itself, so the text follows the code);
// which sentences appear depends on what was measured, so the prose stays true when the numbers move.
import { DEFAULT_BACKOFF } from "../../verify/backoff.ts";
import { coldBreakdown, greenBreakdown } from "./analysis.ts";
import { median } from "./stats.ts";
import { ms, percentOver, times } from "./format.ts";
import type { Results } from "./results.ts";
import { LIMITS } from "./verdicts.ts";

/** "PASS" or "a MISS by 12%". */
function verdict(measured: number, limit: number): string {
  return measured <= limit ? "PASS" : `a MISS by ${percentOver(measured, limit)}`;
}

export function programLoadsVerify(p: NonNullable<Results["program"]>): boolean {
  return p.rows.some((x) => x.mode === "program" && x.undiciFiles > 0);
}

export function boundsSection(r: Results): string[] {
  return ["## What bounds the figures", "", ...coldLines(r), ...greenLines(r), ...programLines(r)];
}

function coldLines(r: Results): string[] {
  if (!r.smoke) return [];
  const b = coldBreakdown(r.smoke);
  const ratio = b.verifyMs / b.floorMs;
  const lines = [
    `**Cold verify vs the undici floor** (${times(ratio)}, target ≤ ${LIMITS.coldVsFloor}×: ${verdict(ratio, LIMITS.coldVsFloor)}` +
      (b.noCacheRatio !== undefined ? `; a machine's first run, compile cache off: ${times(b.noCacheRatio)}, ${verdict(b.noCacheRatio, LIMITS.coldVsFloor)}` : "") +
      `). verify takes ${ms(Math.abs(b.gapMs))} ${b.gapMs >= 0 ? "more" : "less"} than the floor as shipped${b.verifyNoCacheMs !== undefined ? `, ${ms(b.verifyNoCacheMs - b.floorMs)} more on a first run` : ""}.`,
    "Each part below is measured on its own above, so the parts need not add up exactly to the gap.",
    "",
  ];
  if (b.pacingPauseMs !== undefined && b.pacingPauseMs > 50) {
    lines.push(
      `- **Request pacing: ${ms(b.pacingPauseMs)}.** In verify's own report of a cold run, the Graph probe starts ${ms(b.pacingPauseMs)} after the token`,
      "  answer arrived: the rate floor (`minRequestIntervalMs`, `verify/context.ts` `pace()`) applied between the first",
      `  token request and the first Graph call, where nothing is being retried. Without that pause the ratio would be about ${times(b.ratioWithoutPacing!)}.`,
    );
  } else if (b.pacingPauseMs !== undefined) {
    lines.push(
      `- **Requests: back to back.** In verify's own report of a cold run, the Graph probe starts ${ms(Math.max(0, b.pacingPauseMs))} after the token answer`,
      "  arrived: request pacing (`minRequestIntervalMs`, `verify/context.ts` `pace()`) applies to retries only, so what",
      "  is left between verify and the floor is start-up.",
    );
  }
  const jose = b.joseDecodeMs !== undefined ? ` jose's decoder (\`jose/jwt/decode\`) ${ms(b.joseDecodeMs)}${b.joseMs !== undefined ? ` (the whole \`jose\` index would be ${ms(b.joseMs)}; its signing part loads only for a certificate credential)` : ""},` : "";
  lines.push(
    `- **Module loading, compile cache off: ${ms(b.extraModulesMs)} beyond the floor's.** Loading all of verify's modules from source costs`,
    `  ${ms(b.verifyModulesMs)} (\`--help\` over an empty \`.ts\`), undici alone ${ms(b.undiciMs)}. Beyond undici:${jose} node:crypto and node:util,`,
    `  and verify's own \`.ts\` files, stripped of types and evaluated: ${ms(b.ownFilesMs)}.` +
      (b.childProcessMs !== undefined ? ` node:child_process (${ms(b.childProcessMs)}) loads only for \`--stack\`.` : ""),
  );
  if (b.compileCacheSavingMs !== undefined) {
    lines.push(
      `- **The compile cache**, which the CLI turns on before loading anything else, saves ${ms(b.compileCacheSavingMs)} of \`verify --help\` on every run`,
      "  after a machine's first (compiled code, and TypeScript already stripped, read from disk)." +
        (b.cachedRatio !== undefined ? ` With the floor's cache warm too, verify / floor is ${times(b.cachedRatio)}.` : ""),
    );
  }
  if (b.noCacheRatio !== undefined && b.noCacheRatio > LIMITS.coldVsFloor) {
    const allowed = (LIMITS.coldVsFloor - 1) * b.floorMs;
    lines.push(
      `- **What bounds a first run** (no cache: a fresh CI container): the floor is one small \`.ts\` file and undici; verify loads the`,
      `  same undici and ${ms(b.extraModulesMs)} more, compiled from source. Within ${LIMITS.coldVsFloor}× that would have to fit in ${ms(allowed)} (${((LIMITS.coldVsFloor - 1) * 100).toFixed(0)}% of the`,
      `  floor's ${ms(b.floorMs)}); verify's own files alone take ${ms(b.ownFilesMs)} (stripping and compiling them is what the cache skips later).`,
    );
  }
  lines.push("");

  const idRatio = b.verifyVsIdentity;
  lines.push(
    `**Cold verify vs @azure/identity** (${times(idRatio)}, target ≤ ${LIMITS.coldVsIdentity}×: ${verdict(idRatio, LIMITS.coldVsIdentity)}` +
      (b.noCacheVsIdentity !== undefined ? `; first run ${times(b.noCacheVsIdentity)}, ${verdict(b.noCacheVsIdentity, LIMITS.coldVsIdentity)}` : "") +
      "): bounded by the floor",
    `  itself, which is ${times(b.floorVsIdentity)} the @azure/identity script on this machine (that script pays for its own module graph and one`,
    "  OpenID-metadata request, see the requests column, but not for undici: it uses Node's built-in `fetch`).",
    b.floorVsIdentity > LIMITS.coldVsIdentity
      ? `  A client that loads undici and has nothing cached cannot reach ${LIMITS.coldVsIdentity}× here; ${idRatio <= LIMITS.coldVsIdentity ? "verify as shipped does because its compile cache saves more than its own modules cost." : `verify as shipped, at ${times(ratio)} the floor, stays ${percentOver(idRatio, LIMITS.coldVsIdentity)} above.`}`
      : `  The floor leaves room below ${LIMITS.coldVsIdentity}× here; verify's own start-up (above) is what separates it from the floor.`,
    "",
    `**Against the two curl calls**: verify is ${times(b.verifyVsCurl)} the curl pair, the undici floor ${times(b.floorVsCurl)}${b.httpsFloorVsCurl !== undefined ? `, the node:https floor ${times(b.httpsFloorVsCurl)}` : ""}.`,
    `  No Node client can approach curl here: an empty Node process alone costs ${ms(b.nodeBaselineMs)} (${times(b.nodeBaselineVsCurl)} the curl pair),`,
    `  and importing undici adds ${ms(b.undiciMs)}${b.httpsMs !== undefined ? ` (node:https: ${ms(b.httpsMs)})` : ""}, so any undici client starts at ≥ ${times(b.nodePlusUndiciVsCurl)} the curl pair`,
    "  before its first request. The requests themselves are a few ms on loopback (section 1, warm).",
    "",
  );

  const w = r.smoke.warm;
  const pausedMs = w.verify.median - w.verifyUnpaced.median;
  lines.push(
    `**Warm verifyWorkload** (${times(w.ratio)}, target ≤ ${LIMITS.warmVsFloor}×: ${verdict(w.ratio, LIMITS.warmVsFloor)}): median ${ms(w.verify.median)} against the floor's ${ms(w.floor.median)}.`,
    pausedMs > 50
      ? `  ${ms(pausedMs)} of it is a pacing pause between the token and the Graph request: with \`minRequestIntervalMs: 0\` it is ${ms(w.verifyUnpaced.median)} (${times(w.ratioUnpaced)}).`
      : `  Nothing is paced on a first pass (with \`minRequestIntervalMs: 0\`: ${ms(w.verifyUnpaced.median)}, ${times(w.ratioUnpaced)}, the same within noise);` +
          ` the ${ms(w.verify.median - w.floor.median)} over the floor is verify's own work per call: target parsing, claims checks, the report and its redaction.`,
    "",
  );
  return lines;
}

function greenLines(r: Results): string[] {
  const g = r.timeToGreen;
  if (!g || g.scenarios.length === 0) return [];
  const p = DEFAULT_BACKOFF.replicating;
  const first = [p.initialMs * (1 - p.jitter), p.initialMs];
  const later = [p.maxMs * (1 - p.jitter), p.maxMs];
  const meanLaterMs = p.maxMs * (1 - p.jitter / 2);
  const o = DEFAULT_BACKOFF.overloaded;
  const s = (x: number) => String(Number((x / 1000).toFixed(2)));
  const all = g.scenarios.flatMap((sc) => sc.runs);
  const { firstRequestMs, tailMs } = greenBreakdown(all);
  const lines = [
    `**Time to green**: after a replication rejection verify pauses ${s(first[0]!)}–${s(first[1]!)} s, then ${s(later[0]!)}–${s(later[1]!)} s however long the wait`,
    `  (uniform, \`verify/backoff.ts\` \`DEFAULT_BACKOFF.replicating\`): about one try every ${s(meanLaterMs)} s. 429 and 5xx back off from ${s(o.initialMs)} s`,
    `  doubling to ${s(o.maxMs)} s instead, never sooner than Retry-After. When replication ends, verify notices at its next try: the lag`,
    `  is the rest of the pause in progress (at most ${s(p.maxMs)} s, about half of it on average) plus the successful try, its report and`,
    `  the exit (${ms(tailMs)} from the last request's arrival to the exit, median of all runs). Each try here is one token request`,
    "  (a role not yet granted is seen in the token itself), so a long wait costs about one request per pause; a Graph 401/403",
    "  right after consent, not measured here, costs two per try (a fresh token, then the Graph call).",
    "",
  ];
  for (const sc of g.scenarios) {
    const lag = sc.verify.lagMs.median / 1000;
    const rate = sc.verify.requestsPerSecond.median;
    lines.push(
      `- ${sc.kind} ${sc.delayMs / 1000} s: verify ${ms(sc.verify.lagMs.median)} lag (${verdict(lag, LIMITS.lagSeconds)}) with ${sc.verify.requests.median} requests, ${rate.toFixed(2)} req/s (${verdict(rate, LIMITS.requestsPerSecond)});` +
        ` the 10 s loop ${ms(sc.polling.lagMs.median)} (worst ${ms(sc.polling.lagMs.max)}); the 180 s sleep ${sc.sleep.lagMs === undefined ? "never" : ms(sc.sleep.lagMs)}.`,
    );
  }
  lines.push("");

  const rateMisses = g.scenarios.filter((sc) => sc.verify.requestsPerSecond.median > LIMITS.requestsPerSecond);
  const lagMisses = g.scenarios.filter((sc) => sc.verify.lagMs.median / 1000 > LIMITS.lagSeconds);
  if (rateMisses.length === 0 && lagMisses.length === 0) {
    lines.push("Both time-to-green targets hold in every scenario of this run.", "");
    return lines;
  }
  const pooledLagMs = median(all.map((x) => x.lagToExitMs));
  if (rateMisses.length > 0) {
    const shortest = Math.min(...rateMisses.map((sc) => sc.delayMs));
    // ≤ 1 request a second over a wait of D lets a run of about D + ½ s make that many requests: one
    // of them is the Graph read, the rest are tries, spread over D − (first request) by their pauses.
    const allowedRequests = Math.floor(((shortest + 500) / 1000) * LIMITS.requestsPerSecond);
    const tries = allowedRequests - 1;
    const minMeanPauseMs = tries > 1 ? (shortest - firstRequestMs) / (tries - 1) : Number.POSITIVE_INFINITY;
    // The lag is about half the pause in progress plus the tail: a median ≤ the limit needs pauses ≤ this.
    const maxMeanPauseMs = 2 * (LIMITS.lagSeconds * 1000 - tailMs);
    const missed = rateMisses.map((sc) => `${sc.kind} ${sc.delayMs / 1000} s, ${sc.verify.requestsPerSecond.median.toFixed(2)} (${verdict(sc.verify.requestsPerSecond.median, LIMITS.requestsPerSecond)})`);
    lines.push(
      `**Requests per second, missed over short waits** (${missed.join("; ")}). What bounds it: a run's average also counts`,
      `  the first try, sent at start-up (${ms(firstRequestMs)} after the workload was created, median), and the final Graph read, which a`,
      `  short wait does not dilute. At most ${LIMITS.requestsPerSecond} request a second over a ${shortest / 1000} s wait allows about ${allowedRequests} requests in the run: ${tries} tries and`,
      `  the Graph read, so pauses of at least ${s(minMeanPauseMs)} s on average; a median lag of at most ${LIMITS.lagSeconds} s needs pauses of at most about`,
      `  ${s(maxMeanPauseMs)} s (half a pause plus the ${ms(tailMs)} tail). ` +
        (minMeanPauseMs < maxMeanPauseMs
          ? `Both can hold only with mean pauses in that narrow band, ${s(minMeanPauseMs)}–${s(maxMeanPauseMs)} s, where both figures sit close to their limits.`
          : "No single pace meets both there."),
      `  verify pauses ${s(meanLaterMs)} s on average: the lag keeps room (median of all ${all.length} runs: ${ms(pooledLagMs)}), and over long waits the`,
      `  rate stays below ${LIMITS.requestsPerSecond} request a second.`,
      "",
    );
  }
  for (const sc of lagMisses) {
    const runs = sc.runs;
    const late = runs.filter((x) => x.lagToExitMs / 1000 > LIMITS.lagSeconds).length;
    const f = greenBreakdown(runs).firstRequestMs;
    // Where verify's tries fall on average: the first at f, then the first pause, then the later ones.
    const firstMeanMs = p.initialMs * (1 - p.jitter / 2);
    let n = 1;
    let at = f;
    while (at + (n === 1 ? firstMeanMs : meanLaterMs) < sc.delayMs) {
      at += n === 1 ? firstMeanMs : meanLaterMs;
      n++;
    }
    const next = at + (n === 1 ? firstMeanMs : meanLaterMs);
    const near = next - sc.delayMs < sc.delayMs - at ? { n: n + 1, at: next } : { n, at };
    lines.push(
      `**Lag, missed over the ${sc.delayMs / 1000} s ${sc.kind} wait** (${ms(sc.verify.lagMs.median)}, ${verdict(sc.verify.lagMs.median / 1000, LIMITS.lagSeconds)}; ${late} of ${runs.length} runs above ${LIMITS.lagSeconds} s). What bounds it:`,
      `  a run's lag is the rest of the pause in progress when replication ends, up to ${s(p.maxMs)} s plus the tail. With an exact delay`,
      `  and a steady start, that moment falls at nearly the same place of verify's schedule in every run: the first request`,
      `  came ${ms(f)} after creation, so try ${near.n} falls at about ${s(near.at)} s on average, within its jitter of the acceptance moment.`,
      `  Runs whose try ${near.n} came just before it waited out one more pause (lags of about ${s(p.maxMs * (1 - p.jitter))}–${s(p.maxMs)} s), runs whose try came just`,
      `  after it passed at once. Over all ${all.length} runs of this section, whose phases differ, the median lag is ${ms(pooledLagMs)}.`,
      "",
    );
  }
  return lines;
}

function programLines(r: Results): string[] {
  const p = r.program;
  if (!p) return [];
  const line = `**Program start-up** (${times(p.startupRatio)} the bare imports, target ≤ ${LIMITS.programStartup}×: ${verdict(p.startupRatio, LIMITS.programStartup)}):`;
  if (programLoadsVerify(p)) {
    return [
      `${line} the program loads verify at start-up (through`,
      "  `infra/verifyOnDeploy.ts`, which imports `verify/index.ts`, for the",
      `  deploy-time hook, on by default), which costs ${ms(p.verifyImportExtraMs)} here (undici, jose and verify's own files); the rest is the`,
      "  program itself: its `infra/*.ts` files (type stripping and evaluation) and its reads and registrations through the",
      "  mock monitor (which barely grow with the permissions, see the 1/10/50 rows). Importing verify inside the hook's",
      "  callback instead would move that cost to the moment the hook runs, after the resources exist, and never under",
      "  preview or mocks.",
      "",
    ];
  }
  return [
    `${line} the program does not load verify at start-up: \`infra/verifyOnDeploy.ts\` imports \`verify/index.ts\` inside the`,
    `  hook's callback, which runs after the resources exist (never in a preview or under mocks), so its ${ms(p.verifyImportExtraMs)} (see the`,
    "  `verify/index.ts` row) is paid only then. The rest is the program itself: its `infra/*.ts` files (type stripping and",
    "  evaluation) and its reads and registrations through the mock monitor (which barely grow with the permissions, see the",
    "  1/10/50 rows).",
    "",
  ];
}
