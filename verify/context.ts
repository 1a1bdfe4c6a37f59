// The state of one run: clocks, overall deadline, replication window, request pacing, the attempt
// log and the redactor. Everything time-related is decided here, once, from the options.
import { setTimeout as delay } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { DEFAULT_BACKOFF, type BackoffPolicies, type WaitKind } from "./backoff.ts";
import { trackConnections } from "./connections.ts";
import type { HttpContext } from "./http.ts";
import type { Redactor } from "./redact.ts";
import type { VerifyTarget } from "./target.ts";
import type { AttemptRecord, ProgressEvent, Scheduler, VerifyOptions } from "./types.ts";

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_WARN_DAYS = 30;
/** After a known deploy time: Azure AD engineers have advised waiting up to 3 minutes (FACTS.md). */
export const DEFAULT_WINDOW_AFTER_DEPLOY_MS = 180_000;
/** Deploy time unknown (e.g. env-var input): a bounded window from the start, so a wrong secret still fails in a minute. */
export const DEFAULT_WINDOW_UNKNOWN_MS = 60_000;
/** Pause between a retry's request and the request before it (at most 4 a second). */
export const DEFAULT_MIN_REQUEST_INTERVAL_MS = 250;
/**
 * Requests that may start back to back: the first pass (a token, then one Graph read per probe)
 * goes out without a pause when it is this small; more requests than this never start within
 * REQUEST_BURST × the interval (1 s by default), so the run never exceeds a few requests a second.
 */
export const REQUEST_BURST = 4;
/** Consecutive network-level failures tolerated per phase before giving up. */
export const MAX_TRANSIENT_RETRIES = 3;

export interface RunContext {
  readonly http: HttpContext;
  readonly policies: BackoffPolicies;
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
  /**
   * Waits until a request may start, and records that it starts now. A retry's request starts at
   * least `minIntervalMs` after the previous one; any request waits only when REQUEST_BURST
   * requests have already started within the last REQUEST_BURST × `minIntervalMs`. So a first pass
   * of up to REQUEST_BURST requests (a token and 3 probes) is not paced at all; retries always are.
   */
  pace(request: { retry: boolean }): Promise<void>;
  /** Sleeps `ms` unless cancelled; false when cancelled. */
  sleep(ms: number): Promise<boolean>;
  /** `until`: what ends this wait — the replication window (when waiting for replication) or the deadline. */
  progress(event: Omit<ProgressEvent, "elapsedMs" | "remainingMs">, until?: "window" | "deadline"): void;
  close(): Promise<void>;
}

/** Real time: performance.now and Node's timers. */
export const REAL_TIME: Scheduler = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
};

export function createContext(target: VerifyTarget, options: VerifyOptions, redactor: Redactor): RunContext {
  const scheduler = options.scheduler ?? REAL_TIME;
  const started = scheduler.now();
  const elapsedMs = () => scheduler.now() - started;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const remainingMs = () => timeoutMs - elapsedMs();
  const startKnown = target.deployedAt !== undefined;
  const lengthMs = options.replicationWindowMs ?? (startKnown ? DEFAULT_WINDOW_AFTER_DEPLOY_MS : DEFAULT_WINDOW_UNKNOWN_MS);
  // Converted once to the monotonic clock: sleeping is measured in real time, whatever `now` says.
  const endsInMs = startKnown ? target.deployedAt! + lengthMs - now() : lengthMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Its own connections are tracked, to tell a connection that never came up from a slow answer.
  const connections = options.dispatcher ? undefined : trackConnections({ timeout: Math.min(requestTimeoutMs, timeoutMs) });
  const ownAgent: Dispatcher | undefined = connections ? new Agent({ connect: connections.connector }) : undefined;
  const minIntervalMs = options.minRequestIntervalMs ?? DEFAULT_MIN_REQUEST_INTERVAL_MS;
  // Start times of the last REQUEST_BURST requests, oldest first.
  const recentStarts: number[] = [];
  const counters = { tokenRequests: 0, graphRequests: 0, waitedMs: 0 };

  const sleep = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return !options.signal?.aborted;
    try {
      await scheduler.sleep(ms, options.signal);
      return true;
    } catch {
      return false;
    }
  };

  return {
    http: {
      dispatcher: options.dispatcher ?? ownAgent,
      requestTimeoutMs,
      remainingMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(connections ? { connecting: connections.connecting } : {}),
    },
    policies: policiesWith(options.backoff),
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
    async pace({ retry }) {
      const now = elapsedMs();
      const last = recentStarts.at(-1);
      const afterLast = retry && last !== undefined ? last + minIntervalMs : now;
      const afterBurst = recentStarts.length >= REQUEST_BURST ? recentStarts[0]! + REQUEST_BURST * minIntervalMs : now;
      const wait = Math.max(afterLast, afterBurst) - now;
      // Never past the deadline: the request itself then fails fast with ERR_DEADLINE.
      if (wait > 0) await sleep(Math.min(wait, Math.max(0, remainingMs())));
      recentStarts.push(elapsedMs());
      if (recentStarts.length > REQUEST_BURST) recentStarts.shift();
    },
    sleep,
    progress(event, until = "deadline") {
      if (!options.onProgress) return;
      const left = until === "window" ? Math.min(remainingMs(), endsInMs - elapsedMs()) : remainingMs();
      const full: ProgressEvent = { ...event, message: redactor.text(event.message), elapsedMs: Math.round(elapsedMs()), remainingMs: Math.max(0, Math.round(left)) };
      try {
        options.onProgress(full);
      } catch {
        // A failing progress callback must not change the outcome of verification.
      }
    },
    async close() {
      // destroy, not close: nothing is in flight any more, and an aborted slow request (or a
      // connection stalled in its TLS handshake) must not hold the run open.
      await ownAgent?.destroy();
    },
  };
}

/** The default policies, with a test's overrides (`backoff`) applied to every kind of wait. */
function policiesWith(overrides: VerifyOptions["backoff"]): BackoffPolicies {
  if (!overrides) return DEFAULT_BACKOFF;
  const kinds = Object.keys(DEFAULT_BACKOFF) as WaitKind[];
  return Object.fromEntries(kinds.map((kind) => [kind, { ...DEFAULT_BACKOFF[kind], ...overrides }])) as unknown as BackoffPolicies;
}
