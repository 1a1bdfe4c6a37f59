// Pure statistics for the benchmarks: medians, ranges, ratios, percentiles. No I/O, no clocks.

export interface Summary {
  /** Number of samples. */
  n: number;
  median: number;
  min: number;
  max: number;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in [0, 100]) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of an empty list");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summary of an empty list");
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite sample: ${v}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { n: values.length, median: median(values), min, max };
}

/** a / b, refusing a zero or negative denominator (a ratio to nothing means a broken measurement). */
export function ratio(a: number, b: number): number {
  if (!(b > 0)) throw new RangeError(`ratio to a non-positive baseline (${b})`);
  return a / b;
}

/** Ratio of medians, the figure every comparison in BENCHMARKS.md uses. */
export function ratioOfMedians(subject: Summary, baseline: Summary): number {
  return ratio(subject.median, baseline.median);
}

/**
 * Element-wise ratios of paired samples (subject[i] / baseline[i]) summarized: used when both were
 * measured alternately in one loop, so that each pair shares the machine's momentary load.
 */
export function pairedRatios(subject: readonly number[], baseline: readonly number[]): Summary {
  if (subject.length !== baseline.length) throw new RangeError(`paired samples differ in length (${subject.length} vs ${baseline.length})`);
  return summarize(subject.map((s, i) => ratio(s, baseline[i]!)));
}

/** Count per second over a duration in ms. */
export function ratePerSecond(count: number, durationMs: number): number {
  if (!(durationMs > 0)) throw new RangeError(`rate over a non-positive duration (${durationMs} ms)`);
  return (count * 1000) / durationMs;
}

/** Element-wise differences of paired samples (subject[i] − baseline[i]) summarized. */
export function pairedDifferences(subject: readonly number[], baseline: readonly number[]): Summary {
  if (subject.length !== baseline.length) throw new RangeError(`paired samples differ in length (${subject.length} vs ${baseline.length})`);
  return summarize(subject.map((s, i) => s - baseline[i]!));
}
