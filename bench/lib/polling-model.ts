// Pure: what the two usual alternatives to verify would do when the acceptance moment is known —
// a fixed-interval polling loop and a fixed sleep. Computed, not slept: the acceptance moment is set
// by the emulator's replication delay, so the outcome of each attempt is known in advance.
// All times are ms after the deploy (the moment the workload was created).

export interface Outcome {
  /** Attempts made, the successful one included. */
  attempts: number;
  /** HTTP requests made in total. */
  requests: number;
  /** When the successful answer was in hand (ms after the deploy); undefined when it never succeeded. */
  greenAtMs: number | undefined;
  /** greenAtMs − acceptAfterMs: how late the success was noticed. */
  lagMs: number | undefined;
}

export interface PollingInput {
  /** When the service starts accepting (ms after the deploy). */
  acceptAfterMs: number;
  /** Pause between the starts of two attempts. */
  intervalMs: number;
  /** When the first attempt reaches the service (ms after the deploy). */
  firstAttemptAtMs: number;
  /** Time one successful attempt takes, until its answer is in hand (e.g. the measured curl pair). */
  attemptMs: number;
  /** Requests a rejected attempt makes (1 when the token request fails, 2 when Graph answers 403). */
  requestsPerRejectedAttempt: number;
  /** Requests the successful attempt makes (token + Graph = 2). */
  requestsPerSuccess: number;
}

/** A loop that tries every intervalMs until it succeeds. An attempt at exactly acceptAfterMs succeeds. */
export function fixedPolling(input: PollingInput): Outcome {
  if (!(input.intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${input.intervalMs}`);
  const rejected = Math.max(0, Math.ceil((input.acceptAfterMs - input.firstAttemptAtMs) / input.intervalMs));
  const successStart = input.firstAttemptAtMs + rejected * input.intervalMs;
  const greenAtMs = successStart + input.attemptMs;
  return {
    attempts: rejected + 1,
    requests: rejected * input.requestsPerRejectedAttempt + input.requestsPerSuccess,
    greenAtMs,
    lagMs: greenAtMs - input.acceptAfterMs,
  };
}

export interface SleepInput {
  acceptAfterMs: number;
  sleepMs: number;
  attemptMs: number;
  requestsPerSuccess: number;
  requestsPerRejectedAttempt: number;
}

/** Sleep, then try once: succeeds only when the sleep outlasted replication. */
export function fixedSleep(input: SleepInput): Outcome {
  if (input.sleepMs < input.acceptAfterMs) {
    return { attempts: 1, requests: input.requestsPerRejectedAttempt, greenAtMs: undefined, lagMs: undefined };
  }
  const greenAtMs = input.sleepMs + input.attemptMs;
  return { attempts: 1, requests: input.requestsPerSuccess, greenAtMs, lagMs: greenAtMs - input.acceptAfterMs };
}

/**
 * The polling loop over `steps` evenly spaced phases of its first attempt within one interval
 * (quadrature of a uniformly random phase). The emulator's delays are exact multiples of a 10 s
 * loop, which real replication never is: a single aligned phase would make the loop look either
 * perfect or at its worst by coincidence.
 */
export function pollingOverPhases(input: Omit<PollingInput, "firstAttemptAtMs">, steps = 20): Outcome[] {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  return Array.from({ length: steps }, (_, i) => fixedPolling({ ...input, firstAttemptAtMs: ((i + 0.5) * input.intervalMs) / steps }));
}

/** Average requests per second from the deploy until green. */
export function requestsPerSecond(outcome: Outcome): number | undefined {
  if (outcome.greenAtMs === undefined || !(outcome.greenAtMs > 0)) return undefined;
  return (outcome.requests * 1000) / outcome.greenAtMs;
}
