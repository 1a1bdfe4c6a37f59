// How long to wait before the next attempt: pure functions of what is being waited for, the retry
// number, the server's Retry-After, a random source and the time left. The loop that sleeps lives
// in retry-loop.ts.

export interface BackoffPolicy {
  /** Ceiling of the first pause, ms. */
  initialMs: number;
  /** Growth of the ceiling per retry. */
  factor: number;
  /** Largest ceiling, ms: bounds how late verify notices that the wait is over. */
  maxMs: number;
  /** Fraction of the ceiling that jitter may remove (0 = none, 0.5 = pause in [ceiling/2, ceiling]). */
  jitter: number;
}

/**
 * What a retry waits for, each with its own pace:
 * - `replicating`: Entra ID or Graph has not caught up with the deploy yet (700016, 7000215, 7000229,
 *   roles missing from the token, Graph 401/403 right after consent). Nothing is overloaded: the
 *   service answers at once and will say yes at a moment nobody knows, so verify asks about once a
 *   second, and notices the end within about a second.
 * - `overloaded`: 429 and 5xx. The service asks for room: back off exponentially, and never come
 *   back sooner than its Retry-After.
 * - `network`: timeouts, resets, truncated or unreadable bodies (3 retries at most, classify.ts).
 */
export type WaitKind = "replicating" | "overloaded" | "network";

export type BackoffPolicies = Readonly<Record<WaitKind, Readonly<BackoffPolicy>>>;

/**
 * replicating: pauses uniform in [0.8, 1.2] s, then in [1.0, 1.5] s from the second pause on (about
 * 1 s and then 1.25 s, ±20%). At that pace a wait of any length costs about one request a second,
 * and the try that succeeds comes at most one pause (≤ 1.5 s, half that on average) after the
 * moment replication ends; the jitter keeps parallel pipelines from asking in step.
 *
 * overloaded: 1 s doubling to a cap of 30 s, pause in [ceiling/2, ceiling] ("equal jitter"), and
 * never shorter than Retry-After. network: 500 ms doubling to 8 s, pause in [ceiling/2, ceiling].
 */
export const DEFAULT_BACKOFF: BackoffPolicies = Object.freeze({
  replicating: Object.freeze({ initialMs: 1_200, factor: 1.25, maxMs: 1_500, jitter: 1 / 3 }),
  overloaded: Object.freeze({ initialMs: 1_000, factor: 2, maxMs: 30_000, jitter: 0.5 }),
  network: Object.freeze({ initialMs: 500, factor: 2, maxMs: 8_000, jitter: 0.5 }),
});

/**
 * Which pace a retry follows: what classify.ts decided (`reason`) and the HTTP status that came
 * back, if any. A 5xx without Retry-After is retried as "transient" (budgeted), but it is still the
 * service that is struggling, so it backs off like a 429.
 */
export function waitKindFor(reason: "replicating" | "throttled" | "transient", status: number | undefined): WaitKind {
  if (reason === "replicating") return "replicating";
  if (reason === "throttled" || (status !== undefined && (status === 429 || status >= 500))) return "overloaded";
  return "network";
}

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
  /** Retries of this kind so far in this phase, this one included (1-based). */
  retry: number;
  random: () => number;
  /** The server's Retry-After, ms, when it sent one: never retry earlier than that. */
  retryAfterMs?: number;
  /** Rate floor between two request starts: at most a few requests a second. */
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
