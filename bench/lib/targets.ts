// Pure: judge a measured figure against a target "at most L" and say by how much it missed.

export interface Target {
  /** e.g. "cold verify CLI / undici floor". */
  name: string;
  /** The figure measured in this run. */
  measured: number;
  /** Target: measured ≤ limit. */
  limit: number;
  /** "×", "s", "req/s": how the figures are printed. */
  unit: string;
}

export interface Verdict extends Target {
  pass: boolean;
  /** measured − limit when missed, else 0. */
  excess: number;
  /** (measured / limit − 1) × 100 when missed, else 0. */
  excessPercent: number;
}

export function judge(target: Target): Verdict {
  if (!Number.isFinite(target.measured)) throw new RangeError(`${target.name}: measured value is not finite (${target.measured})`);
  if (!(target.limit > 0)) throw new RangeError(`${target.name}: limit must be > 0 (${target.limit})`);
  const pass = target.measured <= target.limit;
  return {
    ...target,
    pass,
    excess: pass ? 0 : target.measured - target.limit,
    excessPercent: pass ? 0 : (target.measured / target.limit - 1) * 100,
  };
}

/** "PASS" or "MISS by 63% (1.79× vs ≤ 1.1×)". */
export function verdictText(v: Verdict, digits = 2): string {
  const figure = (x: number) => `${x.toFixed(digits)}${v.unit === "×" ? "×" : ` ${v.unit}`}`;
  if (v.pass) return `PASS (${figure(v.measured)} ≤ ${figure(v.limit)})`;
  return `MISS by ${v.excessPercent.toFixed(0)}% (${figure(v.measured)} vs ≤ ${figure(v.limit)})`;
}
