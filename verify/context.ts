// The state of one run: clocks, overall deadline, replication window, request pacing, the attempt
// log and the redactor. Everything time-related is decided here, once, from the options.
import { setTimeout as delay } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.ts";
import type { HttpContext } from "./http.ts";
import type { Redactor } from "./redact.ts";
import type { VerifyTarget } from "./target.ts";
import type { AttemptRecord, ProgressEvent, VerifyOptions } from "./types.ts";

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_WARN_DAYS = 30;
/** After a known deploy time: Azure AD engineers have advised waiting up to 3 minutes (FACTS.md). */
export const DEFAULT_WINDOW_AFTER_DEPLOY_MS = 180_000;
/** Deploy time unknown (e.g. env-var input): a bounded window from the start, so a wrong secret still fails in a minute. */
export const DEFAULT_WINDOW_UNKNOWN_MS = 60_000;
export const DEFAULT_MIN_REQUEST_INTERVAL_MS = 250;
/** Consecutive network-level failures tolerated per phase before giving up. */
export const MAX_TRANSIENT_RETRIES = 3;

export interface RunContext {
  readonly http: HttpContext;
  readonly policy: BackoffPolicy;
  readonly random: () => number;
  readonly minIntervalMs: number;
  readonly maxTransientRetries: number;
  readonly timeoutMs: number;
  readonly warnDays: number;
  /** Length of the replication window and whether its start was known. */
  readonly window: { endsInMs: number; startKnown: boolean; lengthMs: number };
  readonly attempts: AttemptRecord[];
  readonly counters: { tokenRequests: number; graphRequests: number; waitedMs: number };
  readonly redactor: Redactor;
  readonly signal: AbortSignal | undefined;
  /** The injected wall clock (expiry, assertion times), epoch ms. */
  nowMs(): number;
  /** Monotonic ms since the run started. */
  elapsedMs(): number;
  remainingMs(): number;
  inReplicationWindow(): boolean;
  /** Waits until a request may start (rate floor), then counts it under `kind` (when given). */
  pace(kind?: "token" | "graph"): Promise<void>;
  /** Sleeps `ms` unless cancelled; false when cancelled. */
  sleep(ms: number): Promise<boolean>;
  progress(event: Omit<ProgressEvent, "elapsedMs" | "remainingMs">): void;
  close(): Promise<void>;
}

export function createContext(target: VerifyTarget, options: VerifyOptions, redactor: Redactor): RunContext {
  const started = performance.now();
  const elapsedMs = () => performance.now() - started;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const remainingMs = () => timeoutMs - elapsedMs();
  const startKnown = target.deployedAt !== undefined;
  const lengthMs = options.replicationWindowMs ?? (startKnown ? DEFAULT_WINDOW_AFTER_DEPLOY_MS : DEFAULT_WINDOW_UNKNOWN_MS);
  // Converted once to the monotonic clock: sleeping is measured in real time, whatever `now` says.
  const endsInMs = startKnown ? target.deployedAt! + lengthMs - now() : lengthMs;
  const ownAgent: Dispatcher | undefined = options.dispatcher ? undefined : new Agent({ connect: { timeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS } });
  const minIntervalMs = options.minRequestIntervalMs ?? DEFAULT_MIN_REQUEST_INTERVAL_MS;
  let lastRequestAt = Number.NEGATIVE_INFINITY;
  const counters = { tokenRequests: 0, graphRequests: 0, waitedMs: 0 };

  const sleep = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return !options.signal?.aborted;
    try {
      await delay(ms, undefined, { signal: options.signal });
      return true;
    } catch {
      return false;
    }
  };

  return {
    http: {
      dispatcher: options.dispatcher ?? ownAgent,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      remainingMs,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    policy: { ...DEFAULT_BACKOFF, ...options.backoff },
    random: options.random ?? Math.random,
    minIntervalMs,
    maxTransientRetries: MAX_TRANSIENT_RETRIES,
    timeoutMs,
    warnDays: options.warnDays ?? DEFAULT_WARN_DAYS,
    window: { endsInMs, startKnown, lengthMs },
    attempts: [],
    counters,
    redactor,
    signal: options.signal,
    nowMs: now,
    elapsedMs,
    remainingMs,
    inReplicationWindow: () => elapsedMs() < endsInMs,
    async pace(kind) {
      const wait = lastRequestAt + minIntervalMs - elapsedMs();
      // Never past the deadline: the request itself then fails fast with ERR_DEADLINE.
      if (wait > 0) await sleep(Math.min(wait, Math.max(0, remainingMs())));
      lastRequestAt = elapsedMs();
      if (kind === "token") counters.tokenRequests++;
      else if (kind === "graph") counters.graphRequests++;
    },
    sleep,
    progress(event) {
      if (!options.onProgress) return;
      const full: ProgressEvent = { ...event, message: redactor.text(event.message), elapsedMs: Math.round(elapsedMs()), remainingMs: Math.max(0, Math.round(remainingMs())) };
      try {
        options.onProgress(full);
      } catch {
        // A failing progress callback must not change the outcome of verification.
      }
    },
    async close() {
      // destroy, not close: nothing is in flight any more, and an aborted slow request must not hold the run open.
      await ownAgent?.destroy();
    },
  };
}
