// The waiting loop: attempt, classify, back off (or honour Retry-After), repeat until done, a
// terminal answer, the end of the replication window, or the overall deadline. Every attempt is
// recorded so that the report shows exactly what was waited for and for how long.
import { nextWait, waitKindFor, type WaitKind } from "./backoff.ts";
import { classify, outcomeCode, outcomeOf, type Outcome, type RetryReason } from "./classify.ts";
import type { RunContext } from "./context.ts";
import type { AttemptRecord } from "./types.ts";

export interface AttemptSpec<T> {
  phase: "token" | "graph";
  /** Path for the attempt log (no query). */
  target: string;
  /**
   * One attempt; throws the HTTP/Entra/Graph error it met. Paced before it is called (its first
   * request starts then); a retry that sends a second request paces that one itself.
   */
  run(): Promise<T>;
  /** Judges a successful answer (e.g. roles still missing); default: ok. */
  judge?(value: T): Outcome;
  /** What is being waited for, for the progress line. */
  waitingFor(outcome: Outcome, reason: RetryReason): string;
  /** Told before the next attempt when the last one asked for a retry. */
  onRetry?(outcome: Outcome, reason: RetryReason): void;
  /** More AADSTS codes that mean "not replicated yet" for this loop (see ClassifyContext). */
  replicationCodes?: ReadonlySet<number>;
}

export type GiveUpReason = "terminal" | "window-ended" | "transient-budget" | "deadline" | "retry-after-beyond-deadline" | "aborted";

export type LoopResult<T> =
  | { ok: true; value: T; attempts: number; durationMs: number; retriedFor: string[] }
  | { ok: false; outcome: Outcome; error: unknown; value: T | undefined; why: GiveUpReason; attempts: number; durationMs: number; retriedFor: string[]; retryAfterMs?: number };

export async function runWithRetries<T>(ctx: RunContext, spec: AttemptSpec<T>): Promise<LoopResult<T>> {
  // Measured from the first request, not from the pacing pause before it.
  let began = Number.NaN;
  const retriedFor: string[] = [];
  // Retries per kind of wait: each kind grows its own backoff (a 429 after a long replication wait starts small).
  const retries: Record<WaitKind, number> = { replicating: 0, overloaded: 0, network: 0 };
  let transient = 0;
  for (let n = 1; ; n++) {
    // Retries keep the rate floor; a first attempt goes out at once (unless a burst of requests has
    // just gone out, see context.ts), so a run that needs no retry is never paced.
    await ctx.pace({ retry: n > 1 });
    const startMs = ctx.elapsedMs();
    if (Number.isNaN(began)) began = startMs;
    ctx.progress({ phase: spec.phase, message: `${spec.phase === "token" ? "requesting a token" : "calling Graph"}: ${spec.target}`, attempt: n });
    let value: T | undefined;
    let error: unknown;
    let outcome: Outcome;
    try {
      value = await spec.run();
      outcome = spec.judge ? spec.judge(value) : { kind: "ok" };
    } catch (err) {
      error = err;
      outcome = outcomeOf(err, ctx.nowMs());
    }
    const record: AttemptRecord = {
      n: ctx.attempts.length + 1,
      phase: spec.phase,
      target: spec.target,
      startMs: Math.round(startMs),
      durationMs: Math.round(ctx.elapsedMs() - startMs),
      ...("status" in outcome && outcome.status !== undefined ? { status: outcome.status } : {}),
      outcome: outcomeCode(outcome),
      decision: "fail",
    };
    ctx.attempts.push(record);
    const code = outcomeCode(outcome);
    const durationMs = () => ctx.elapsedMs() - began;
    const failed = (why: GiveUpReason, retryAfterMs?: number): LoopResult<T> => ({
      ok: false, outcome, error, value, why, attempts: n, durationMs: durationMs(), retriedFor, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });

    const extra = spec.replicationCodes ? { replicationCodes: spec.replicationCodes } : {};
    const decision = classify(outcome, { inReplicationWindow: ctx.inReplicationWindow(), transientRetries: transient, maxTransientRetries: ctx.maxTransientRetries, ...extra });
    if (decision.action === "done") {
      record.decision = "done";
      return { ok: true, value: value as T, attempts: n, durationMs: durationMs(), retriedFor };
    }
    if (decision.action === "fail") {
      if (code === "ERR_ABORTED") return failed("aborted");
      if (code === "ERR_DEADLINE") return failed("deadline");
      const wouldRetry = classify(outcome, { inReplicationWindow: true, transientRetries: 0, maxTransientRetries: ctx.maxTransientRetries, ...extra });
      if (wouldRetry.action === "retry" && wouldRetry.reason === "replicating") return failed("window-ended");
      if (wouldRetry.action === "retry") return failed("transient-budget");
      return failed("terminal");
    }

    if (decision.reason === "transient") transient++;
    else transient = 0;
    const kind = waitKindFor(decision.reason, "status" in outcome ? outcome.status : undefined);
    retries[kind]++;
    const wait = nextWait({
      policy: ctx.policies[kind],
      retry: retries[kind],
      random: ctx.random,
      ...(decision.retryAfterMs !== undefined ? { retryAfterMs: decision.retryAfterMs } : {}),
      minIntervalMs: ctx.minIntervalMs,
      remainingMs: ctx.remainingMs(),
    });
    if (!wait.retry) return failed(wait.why, decision.retryAfterMs);
    record.decision = "retry";
    record.reason = decision.reason;
    record.waitMs = wait.waitMs;
    if (!retriedFor.includes(code)) retriedFor.push(code);
    ctx.progress({ phase: spec.phase, message: spec.waitingFor(outcome, decision.reason), attempt: n, code, waitMs: wait.waitMs }, decision.reason === "replicating" ? "window" : "deadline");
    spec.onRetry?.(outcome, decision.reason);
    const slept = await ctx.sleep(wait.waitMs);
    ctx.counters.waitedMs += wait.waitMs;
    if (!slept) {
      record.decision = "fail";
      return failed("aborted");
    }
  }
}

/** A sentence for the report: why the loop stopped, and what it had seen. */
export function giveUpNote(result: Extract<LoopResult<unknown>, { ok: false }>, ctx: RunContext): string {
  const tried = `${result.attempts} attempt${result.attempts === 1 ? "" : "s"} over ${(result.durationMs / 1000).toFixed(1)} s`;
  const window = `replication window of ${Math.round(ctx.window.lengthMs / 1000)} s ${ctx.window.startKnown ? "after the deploy" : "from the start of this run (deploy time unknown)"}`;
  switch (result.why) {
    case "window-ended":
      return result.attempts === 1
        ? `The ${window} had already ended, so this was not treated as a replication delay.`
        : `Still failing after ${tried}; the ${window} has ended, so this is not a replication delay.`;
    case "deadline":
      return `Still failing after ${tried} when the deadline (${Math.round(ctx.timeoutMs / 1000)} s, --timeout) was reached.`;
    case "retry-after-beyond-deadline":
      return `The service asked to retry after ${Math.round((result.retryAfterMs ?? 0) / 1000)} s, beyond the deadline (--timeout).`;
    case "transient-budget":
      return `Failed ${tried}; giving up after ${ctx.maxTransientRetries} retries.`;
    case "aborted":
      return "Cancelled while waiting.";
    case "terminal":
      return result.retriedFor.length > 0 ? `Seen after ${tried} (earlier: ${result.retriedFor.join(", ")}).` : "Waiting would not change this, so verify did not retry.";
  }
}
