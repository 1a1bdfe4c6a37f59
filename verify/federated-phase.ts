// Before a federated token is sent to Entra ID: get it once, read what it claims, and compare that
// with the app's federated credentials from the stack outputs. Two checks: "credential" (the token
// could be had, is a JWT, and is within its lifetime) and "federated-credential" (its iss, sub and
// aud match a credential, or which claim does not and how to fix it). What this finds also explains
// the AADSTS code Entra answers if the exchange fails.
import { nextWait, waitKindFor } from "./backoff.ts";
import { classify, outcomeOf } from "./classify.ts";
import type { RunContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import { decodeFederatedToken, FederatedTokenError, type FederatedClaims } from "./federated-claims.ts";
import { describeFederatedClaims, matchFederatedCredentials } from "./federated-match.ts";
import { acquireFederatedToken, sourceName } from "./federated-token.ts";
import { flagged, passed } from "./report.ts";
import type { VerifyTarget } from "./target.ts";
import type { CheckResult, FederatedTokenSource } from "./types.ts";

/** Entra's "no matching federated identity record" codes (emulator/errors.ts has their sources). */
export const FEDERATED_MATCH_AADSTS: ReadonlySet<number> = new Set([70021, 700211, 700212, 700213, 7002138]);
/** Those of them that also mean "not replicated yet" for a credential created moments ago (not a case mismatch). */
export const FEDERATED_REPLICATION_AADSTS: ReadonlySet<number> = new Set([70021, 700211, 700212, 700213]);
const SKEW_MS = 5 * 60_000;

export interface FederatedPhaseResult {
  checks: CheckResult[];
  /** False: the token could not be had or has expired; nothing is sent to Entra. */
  usable: boolean;
  /** The token matches a credential of the outputs: Entra's "no match" then means "not replicated yet". */
  matched: boolean;
  /** What to add to the explanation of an AADSTS code Entra answers (and a fix specific to it), by code. */
  noteFor(errorCodes: readonly number[]): FederatedNote | undefined;
}

export interface FederatedNote {
  note: string;
  fix?: string;
}

function lifetimeProblem(claims: FederatedClaims, nowMs: number): string | undefined {
  if (claims.exp !== undefined && claims.exp * 1000 <= nowMs - SKEW_MS) return `it expired ${new Date(claims.exp * 1000).toISOString()}`;
  if (claims.nbf !== undefined && claims.nbf * 1000 > nowMs + SKEW_MS) return `it is not valid before ${new Date(claims.nbf * 1000).toISOString()}`;
  return undefined;
}

/**
 * The token, once. GitHub's token service busy (429, 5xx) or unreachable is retried a few times, as
 * network failures are during the exchange; a file is read once (what fails there stays failed).
 */
async function acquireWithRetries(ctx: RunContext, source: FederatedTokenSource): Promise<string> {
  for (let retry = 1; ; retry++) {
    try {
      return await acquireFederatedToken(ctx.http, source, (value) => ctx.redactor.add(value));
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const outcome = outcomeOf(err, ctx.nowMs());
      const decision = classify(outcome, { inReplicationWindow: false, transientRetries: 0, maxTransientRetries: ctx.maxTransientRetries });
      if (decision.action !== "retry" || retry > ctx.maxTransientRetries) throw err;
      const status = "status" in outcome ? outcome.status : undefined;
      const wait = nextWait({
        policy: ctx.policies[waitKindFor(decision.reason, status)], retry, random: ctx.random, minIntervalMs: ctx.minIntervalMs, remainingMs: ctx.remainingMs(),
        ...(decision.retryAfterMs !== undefined ? { retryAfterMs: decision.retryAfterMs } : {}),
      });
      if (!wait.retry) throw err;
      ctx.progress({ phase: "token", message: `asking GitHub Actions for the job's token again (${err.code}${status !== undefined ? ` HTTP ${status}` : ""})`, attempt: retry, code: err.code, waitMs: wait.waitMs });
      if (!(await ctx.sleep(wait.waitMs))) throw err;
      ctx.counters.waitedMs += wait.waitMs;
    }
  }
}

export async function federatedPhase(ctx: RunContext, target: VerifyTarget, source: FederatedTokenSource): Promise<FederatedPhaseResult> {
  const from = sourceName(source);
  const started = ctx.elapsedMs();
  const elapsed = () => ctx.elapsedMs() - started;
  const unusable = (check: CheckResult): FederatedPhaseResult => ({ checks: [check], usable: false, matched: false, noteFor: () => undefined });

  let claims: FederatedClaims;
  try {
    claims = decodeFederatedToken(await acquireWithRetries(ctx, source), from);
  } catch (err) {
    if (err instanceof FederatedTokenError) return unusable(flagged("credential", "fail", err.code, elapsed(), { detail: err.message }));
    if (err instanceof HttpError) return unusable(flagged("credential", "fail", err.code, elapsed(), { detail: `getting the federated token from ${from}: ${err.message}` }));
    throw err;
  }
  const described = describeFederatedClaims(claims);
  const late = lifetimeProblem(claims, ctx.nowMs());
  if (late !== undefined) {
    return unusable(flagged("credential", "fail", "ERR_FEDERATED_TOKEN_EXPIRED", elapsed(), { detail: `the federated token from ${from} cannot be exchanged: ${late} (${described})` }));
  }
  const checks: CheckResult[] = [passed("credential", elapsed(), `federated token from ${from}: ${described}`)];

  if (target.federatedCredentials === undefined) {
    checks.push(flagged("federated-credential", "skip", "SKIP_NO_FEDERATED_CREDENTIALS", 0, { detail: `the inputs do not list the app's federated credentials; the token has ${described}` }));
    return {
      checks, usable: true, matched: false,
      noteFor: (codes) => codes.some((c) => FEDERATED_MATCH_AADSTS.has(c))
        ? { note: `The token has ${described}; Entra matches the issuer, subject and audience of one of the app's federated credentials exactly (pass the stack outputs, with their federatedCredentials, to have verify compare them).` }
        : undefined,
    };
  }
  const match = matchFederatedCredentials(claims, target.federatedCredentials);
  if (match.kind === "match") {
    checks.push(passed("federated-credential", 0, `iss, sub and aud match credential '${match.name}'`));
    return {
      checks, usable: true, matched: true,
      noteFor: (codes) => codes.some((c) => FEDERATED_MATCH_AADSTS.has(c))
        ? { note: `The token (${described}) matches credential '${match.name}' of the stack outputs: the credential is missing from the app (changed outside Pulumi?) or has not replicated yet.` }
        : undefined,
    };
  }
  checks.push(flagged("federated-credential", "fail", match.code, 0, { detail: match.detail, fix: match.fix }));
  return {
    checks, usable: true, matched: false,
    noteFor: (codes) => codes.some((c) => FEDERATED_MATCH_AADSTS.has(c)) ? { note: `Here: ${match.detail}.`, fix: match.fix } : undefined,
  };
}
