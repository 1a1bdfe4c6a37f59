// How long to wait before the next attempt: pure functions of the retry number, the server's
// Retry-After, a random source and the time left. The loop that sleeps lives in retry-loop.ts.

export interface BackoffPolicy {
  /** Ceiling of the first pause, ms. */
  initialMs: number;
  /** Growth of the ceiling per retry. */
  factor: number;
  /** Largest ceiling, ms: bounds how late verify notices that replication has finished. */
  maxMs: number;
  /** Fraction of the ceiling that jitter may remove (0 = none, 0.5 = pause in [ceiling/2, ceiling]). */
  jitter: number;
}

/**
 * 500 ms doubling to a cap of 8 s, "equal jitter" (each pause is uniform in [ceiling/2, ceiling]).
 * Replication usually ends within 4–18 s (FACTS.md): probes at ~0.5, 1.5, 3.5, 7.5, 15.5 s and then
 * every ≤ 8 s notice the end within one step, while the jitter keeps parallel pipelines apart.
 */
export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({ initialMs: 500, factor: 2, maxMs: 8_000, jitter: 0.5 });

/** Upper bound of the pause before retry `retry` (1-based). */
export function backoffCeiling(policy: BackoffPolicy, retry: number): number {
  const exponent = Math.max(0, retry - 1);
  // Computed in log space so that a large retry count cannot overflow to Infinity * 0 = NaN.
  const raw = policy.initialMs * Math.pow(policy.factor, Math.min(exponent, 64));
  return Math.min(policy.maxMs, Number.isFinite(raw) ? raw : policy.maxMs);
}

/** The jittered pause before retry `retry`; `random` returns a number in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  const ceiling = backoffCeiling(policy, retry);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling * (1 - policy.jitter * r));
}

export interface WaitInput {
  policy: BackoffPolicy;
  retry: number;
  random: () => number;
  /** The server's Retry-After, ms, when it sent one: never retry earlier than that. */
  retryAfterMs?: number;
  /** Rate floor: at most a few requests a second. */
  minIntervalMs: number;
  /** Time left before the overall deadline, ms. */
  remainingMs: number;
}

export type WaitDecision = { retry: true; waitMs: number } | { retry: false; waitMs: number; why: "deadline" | "retry-after-beyond-deadline" };

/** The pause before the next attempt, or why there is no next attempt. */
export function nextWait(input: WaitInput): WaitDecision {
  const backoff = backoffDelay(input.policy, input.retry, input.random);
  const waitMs = Math.max(backoff, input.retryAfterMs ?? 0, input.minIntervalMs);
  if (waitMs < input.remainingMs) return { retry: true, waitMs };
  const why = input.retryAfterMs !== undefined && input.retryAfterMs >= input.remainingMs ? "retry-after-beyond-deadline" : "deadline";
  return { retry: false, waitMs, why };
}

/** Retry-After as ms: delta-seconds or an HTTP-date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
