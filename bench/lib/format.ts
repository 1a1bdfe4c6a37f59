// Pure: how BENCHMARKS.md prints durations, ranges and ratios.
import type { Summary } from "./stats.ts";

export function ms(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  if (abs >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (abs >= 10) return `${x.toFixed(0)} ms`;
  return `${x.toFixed(2)} ms`;
}

export function range(s: Summary, fmt: (x: number) => string = ms): string {
  return s.n === 1 ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

export const times = (x: number): string => `${x.toFixed(2)}×`;
export const num = (digits: number) => (x: number): string => x.toFixed(digits);
/** "+12%" / "−8%": how far a figure is from a limit. */
export const percentOver = (measured: number, limit: number): string => `${((measured / limit - 1) * 100).toFixed(0)}%`;
