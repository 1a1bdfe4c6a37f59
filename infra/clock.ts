// The program's clock. Real deployments use the wall clock; npm start and the tests set
// GRAPH_WORKLOAD_IDENTITY_NOW to move a stack through time (rotation periods, expiry) without waiting.

import { ConfigError } from "./errors.ts";

/** Environment variable read by infra/index.ts only: an RFC 3339 timestamp the program takes as "now". */
export const NOW_ENV = "GRAPH_WORKLOAD_IDENTITY_NOW";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms for the override, `fallback()` when unset or empty; a malformed value is a ConfigError. */
export function programNow(override: string | undefined, fallback: () => number): number {
  if (override === undefined || override.trim() === "") return fallback();
  const ms = RFC3339.test(override.trim()) ? Date.parse(override.trim()) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ConfigError([
      {
        key: NOW_ENV,
        code: "INVALID_VALUE",
        value: override,
        problem: "is not an RFC 3339 timestamp.",
        fix: `unset it for real deployments, or set e.g. ${NOW_ENV}=2026-01-31T12:00:00Z.`,
      },
    ]);
  }
  return ms;
}
