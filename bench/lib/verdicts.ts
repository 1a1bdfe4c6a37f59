// Pure: the project's targets judged against one run's results.
import type { Results } from "./results.ts";
import { judge, type Verdict } from "./targets.ts";
import { FLOOR, IDENTITY, VERIFY, VERIFY_NO_CACHE } from "./names.ts";

export const LIMITS = Object.freeze({
  coldVsFloor: 1.1,
  coldVsIdentity: 0.75,
  warmVsFloor: 1.2,
  lagSeconds: 1,
  requestsPerSecond: 1,
  programStartup: 1.2,
  /** Real engine: no-op preview / the empty program's preview. */
  enginePreview: 1.3,
  /** Real engine: first up / (the empty program's up + the provider's consistency polling). */
  engineUp: 1.2,
});

export function targetsFrom(results: Pick<Results, "smoke" | "timeToGreen" | "program" | "engine">): Verdict[] {
  const verdicts: Verdict[] = [];
  const { smoke, timeToGreen, program, engine } = results;
  if (smoke) {
    const median = (name: string) => {
      const row = smoke.clients.find((c) => c.name === name);
      if (!row) throw new Error(`no smoke-test row named ${name}`);
      return row.time.median;
    };
    verdicts.push(judge({ name: "cold verify CLI / undici floor", measured: median(VERIFY) / median(FLOOR), limit: LIMITS.coldVsFloor, unit: "×" }));
    verdicts.push(judge({ name: "cold verify CLI / @azure/identity script", measured: median(VERIFY) / median(IDENTITY), limit: LIMITS.coldVsIdentity, unit: "×" }));
    // verify's CLI keeps a compile cache from one run to the next (the rows above); a machine's
    // first run has none, and is judged against the same limits.
    if (smoke.clients.some((c) => c.name === VERIFY_NO_CACHE)) {
      verdicts.push(judge({ name: "cold verify CLI, first run on a machine (compile cache off) / undici floor", measured: median(VERIFY_NO_CACHE) / median(FLOOR), limit: LIMITS.coldVsFloor, unit: "×" }));
      verdicts.push(judge({ name: "cold verify CLI, first run on a machine (compile cache off) / @azure/identity script", measured: median(VERIFY_NO_CACHE) / median(IDENTITY), limit: LIMITS.coldVsIdentity, unit: "×" }));
    }
    verdicts.push(judge({ name: "warm verifyWorkload / floor's two requests (kept-alive)", measured: smoke.warm.ratio, limit: LIMITS.warmVsFloor, unit: "×" }));
  }
  if (timeToGreen) {
    for (const s of timeToGreen.scenarios) {
      const label = `${s.kind} replication ${s.delayMs / 1000} s`;
      verdicts.push(judge({ name: `time-to-green lag, ${label} (median)`, measured: s.verify.lagMs.median / 1000, limit: LIMITS.lagSeconds, unit: "s" }));
      verdicts.push(judge({ name: `verify requests per second, ${label} (median of runs)`, measured: s.verify.requestsPerSecond.median, limit: LIMITS.requestsPerSecond, unit: "req/s" }));
    }
  }
  if (program) {
    verdicts.push(judge({ name: "program start-up (1 permission) / bare imports", measured: program.startupRatio, limit: LIMITS.programStartup, unit: "×" }));
  }
  if (engine) {
    verdicts.push(judge({ name: "real engine: no-op pulumi preview / empty program's preview", measured: engine.comparisons.preview.ratio, limit: LIMITS.enginePreview, unit: "×" }));
    verdicts.push(judge({ name: "real engine: first pulumi up / (empty program's up + provider's consistency polling)", measured: engine.comparisons.up.ratio, limit: LIMITS.engineUp, unit: "×" }));
  }
  return verdicts;
}
