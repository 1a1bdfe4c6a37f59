// What one attempt's outcome means for the next step: done, retry (and why), or fail now.
// "Not replicated yet" is retried only inside the replication window; what time will not fix
// (an expired secret, a wrong tenant, a bad scope…) fails at once.
import { HttpError, HttpStatusError, type TransportCode } from "./errors.ts";
import { parseRetryAfter } from "./backoff.ts";
import { EntraError } from "./token.ts";
import { GraphError } from "./graph.ts";
import { TokenUnreadableError } from "./claims.ts";
import { CertificateError } from "./assertion.ts";
import { FederatedTokenError } from "./federated-claims.ts";

export type Outcome =
  | { kind: "ok" }
  | { kind: "entra"; status: number; code: string; errorCodes: readonly number[]; retryAfterMs?: number }
  | { kind: "graph"; status: number; code: string; retryAfterMs?: number }
  | { kind: "transport"; code: TransportCode; status?: number; retryAfterMs?: number }
  | { kind: "roles-missing"; missing: readonly string[] }
  /** Found locally (unreadable token, unusable certificate): never retried. */
  | { kind: "local"; code: string };

export type RetryReason = "replicating" | "throttled" | "transient";

export type Decision = { action: "done" } | { action: "retry"; reason: RetryReason; retryAfterMs?: number } | { action: "fail" };

export interface ClassifyContext {
  /** Still within the window in which a new credential or consent may not have replicated. */
  inReplicationWindow: boolean;
  /** Transient (network) retries already spent in this phase. */
  transientRetries: number;
  maxTransientRetries: number;
  /** More AADSTS codes that mean "not replicated yet" in this run (a federated token that matches the outputs). */
  replicationCodes?: ReadonlySet<number>;
}

/**
 * AADSTS codes that mean "not replicated yet" right after a deploy: app not found (700016), secret
 * not known yet (7000215), service principal not found yet (7000229, the SP is created in the same deploy).
 */
export const REPLICATION_AADSTS: ReadonlySet<number> = new Set([700016, 7000215, 7000229]);

/** Codes that time will not fix; listed for documentation and tests (anything not retryable fails). */
export const TERMINAL_AADSTS: ReadonlySet<number> = new Set([
  7000222, 90002, 1002012, 70011, 700022, 7000218, 70003, 900144, 7000112, 700027, 700024, 700023, 700021, 53003, 500011,
  7002138, 7000272, 50013,
]);

const TRANSIENT_TRANSPORT: ReadonlySet<TransportCode> = new Set(["ERR_HTTP_TIMEOUT", "ERR_HTTP_CONNECT_TIMEOUT", "ERR_HTTP_RESET", "ERR_HTTP_TRUNCATED", "ERR_HTTP_BAD_JSON", "ERR_HTTP_CONNECT"]);

export function classify(outcome: Outcome, ctx: ClassifyContext): Decision {
  switch (outcome.kind) {
    case "ok":
      return { action: "done" };
    case "roles-missing":
      return ctx.inReplicationWindow ? { action: "retry", reason: "replicating" } : { action: "fail" };
    case "local":
      return { action: "fail" };
    case "entra":
    case "graph":
    case "transport": {
      const status = outcome.status;
      // The service is overloaded or down for a moment: it is not ours to give up on it before the
      // deadline, which bounds these waits (backoff.ts: 1 s doubling to 30 s, never before Retry-After).
      if (status !== undefined && (status === 429 || status >= 500)) {
        return { action: "retry", reason: "throttled", ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) };
      }
      if (outcome.kind === "entra") {
        const replicating = outcome.errorCodes.some((c) => REPLICATION_AADSTS.has(c) || ctx.replicationCodes?.has(c) === true) && !outcome.errorCodes.some((c) => TERMINAL_AADSTS.has(c));
        return replicating && ctx.inReplicationWindow ? { action: "retry", reason: "replicating" } : { action: "fail" };
      }
      if (outcome.kind === "graph") {
        // A token issued right after consent may not be honoured by Graph yet: retry with a fresh token.
        return (status === 401 || status === 403) && ctx.inReplicationWindow ? { action: "retry", reason: "replicating" } : { action: "fail" };
      }
      if (TRANSIENT_TRANSPORT.has(outcome.code) && ctx.transientRetries < ctx.maxTransientRetries) return { action: "retry", reason: "transient" };
      return { action: "fail" };
    }
  }
}

/** The outcome an error stands for; unknown errors (bugs) are rethrown. */
export function outcomeOf(err: unknown, nowMs: number): Outcome {
  if (err instanceof EntraError) {
    return withRetryAfter({ kind: "entra", status: err.status, code: err.code, errorCodes: err.errorCodes }, err.headers["retry-after"], nowMs);
  }
  if (err instanceof GraphError) return withRetryAfter({ kind: "graph", status: err.status, code: err.code }, err.headers["retry-after"], nowMs);
  if (err instanceof HttpStatusError) {
    return withRetryAfter({ kind: "transport", code: err.code, ...(err.status !== undefined ? { status: err.status } : {}) }, err.headers["retry-after"], nowMs);
  }
  if (err instanceof HttpError) return { kind: "transport", code: err.code, ...(err.status !== undefined ? { status: err.status } : {}) };
  if (err instanceof TokenUnreadableError || err instanceof CertificateError || err instanceof FederatedTokenError) return { kind: "local", code: err.code };
  throw err;
}

function withRetryAfter<T extends Outcome & { retryAfterMs?: number }>(outcome: T, header: string | string[] | undefined, nowMs: number): T {
  const retryAfterMs = parseRetryAfter(header, nowMs);
  return retryAfterMs === undefined ? outcome : { ...outcome, retryAfterMs };
}

/** The code an outcome reports under. */
export function outcomeCode(outcome: Outcome): string {
  switch (outcome.kind) {
    case "ok":
      return "ok";
    case "roles-missing":
      return "ERR_ROLES_MISSING";
    default:
      return outcome.code;
  }
}
