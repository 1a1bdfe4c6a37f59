// Get a token whose roles hold every expected permission, waiting out replication, then report the
// "token", "claims" and "roles" checks.
import { checkClaims, decodeAccessToken, extraRoles, missingRoles, type TokenClaims } from "./claims.ts";
import type { Outcome, RetryReason } from "./classify.ts";
import type { RunContext } from "./context.ts";
import { correlationOf } from "./correlation.ts";
import { FEDERATED_REPLICATION_AADSTS, type FederatedNote } from "./federated-phase.ts";
import { flagged, notRun, passed } from "./report.ts";
import { giveUpNote, runWithRetries } from "./retry-loop.ts";
import type { VerifyTarget } from "./target.ts";
import { requestToken, type TokenSuccess } from "./token.ts";
import type { CheckResult } from "./types.ts";

export interface IssuedToken {
  accessToken: string;
  claims: TokenClaims;
}

export interface TokenPhaseResult {
  checks: CheckResult[];
  /** Present when a token was issued and its claims match (roles may still be missing). */
  token?: IssuedToken;
  tokenMs?: number;
}

/** One token request, counted (the caller paces it); used by the loop below and to refresh tokens for Graph retries. */
export async function fetchToken(ctx: RunContext, target: VerifyTarget): Promise<IssuedToken> {
  ctx.counters.tokenRequests++;
  const res: TokenSuccess = await requestToken(ctx.http, {
    tokenUrl: target.tokenUrl,
    clientId: target.clientId,
    scope: target.scope,
    credential: target.credential,
    now: () => ctx.nowMs(),
    onSensitive: (value) => ctx.redactor.add(value),
  });
  return { accessToken: res.accessToken, claims: decodeAccessToken(res.accessToken) };
}

export function waitingForToken(outcome: Outcome, reason: RetryReason): string {
  if (outcome.kind === "roles-missing") return `waiting for consent to reach new tokens (missing ${outcome.missing.join(", ")})`;
  if (reason === "replicating" && outcome.kind === "entra") {
    if (outcome.errorCodes.includes(700016)) return `waiting for the new application to replicate in Entra ID (${outcome.code})`;
    if (outcome.errorCodes.includes(7000215)) return `waiting for Entra ID to accept the new client secret (${outcome.code})`;
    if (outcome.errorCodes.some((c) => FEDERATED_REPLICATION_AADSTS.has(c))) return `waiting for the new federated credential to replicate in Entra ID (${outcome.code})`;
    return `waiting for the new service principal to replicate (${outcome.code})`;
  }
  if (reason === "throttled") return `the token endpoint is busy or unavailable (${"code" in outcome ? outcome.code : "429"}): ${retryAfterText(outcome)}`;
  return `token request failed (${"code" in outcome ? outcome.code : "error"}): retrying`;
}

/** For a 429/5xx wait: whether the service said when to come back. */
export function retryAfterText(outcome: Outcome): string {
  return "retryAfterMs" in outcome && outcome.retryAfterMs !== undefined ? "honouring Retry-After" : "backing off until the deadline";
}

/** What earlier checks learnt that explains Entra's answer (a federated token's claims). */
export interface TokenHints {
  /** More AADSTS codes to wait out as "not replicated yet". */
  replicationCodes?: ReadonlySet<number>;
  /** Added to the explanation of the code Entra answers, with a fix specific to this run. */
  noteFor?(errorCodes: readonly number[]): FederatedNote | undefined;
}

export async function tokenPhase(ctx: RunContext, target: VerifyTarget, hints: TokenHints = {}): Promise<TokenPhaseResult> {
  const tokenPath = target.tokenUrl.pathname;
  const result = await runWithRetries<IssuedToken>(ctx, {
    phase: "token",
    target: tokenPath,
    ...(hints.replicationCodes ? { replicationCodes: hints.replicationCodes } : {}),
    run: () => fetchToken(ctx, target),
    judge: (issued) => {
      const missing = target.permissions ? missingRoles(issued.claims, target.permissions) : [];
      return missing.length > 0 ? { kind: "roles-missing", missing } : { kind: "ok" };
    },
    waitingFor: waitingForToken,
  });

  if (!result.ok && result.value === undefined) {
    const code = "code" in result.outcome ? result.outcome.code : "ERR_DEADLINE";
    const detail = result.error instanceof Error ? result.error.message : undefined;
    const correlation = correlationOf(result.error);
    const hint = result.outcome.kind === "entra" ? hints.noteFor?.(result.outcome.errorCodes) : undefined;
    const note = hint !== undefined ? `${hint.note} ${giveUpNote(result, ctx)}` : giveUpNote(result, ctx);
    return {
      checks: [
        flagged("token", "fail", code, result.durationMs, { note, ...(hint?.fix ? { fix: hint.fix } : {}), ...(detail ? { detail } : {}), ...(correlation ? { correlation } : {}) }),
        notRun("claims"),
        notRun("roles"),
      ],
    };
  }

  // Either a success, or roles still missing when waiting ended: a token was issued in both cases.
  const issued = result.value as IssuedToken;
  const attemptsText = result.attempts === 1 ? "first attempt" : `after ${result.attempts} attempts (waited for ${result.retriedFor.join(", ")})`;
  const checks: CheckResult[] = [passed("token", result.durationMs, `token issued, ${attemptsText}`)];

  const mismatches = checkClaims(issued.claims, {
    scope: target.scope,
    tenantId: target.tenantId,
    clientId: target.clientId,
    ...(target.servicePrincipalObjectId !== undefined ? { servicePrincipalObjectId: target.servicePrincipalObjectId } : {}),
    ...(target.credential.kind !== "secret" ? { appidacr: "2" as const } : {}),
    nowMs: ctx.nowMs(),
  });
  checks.push(
    mismatches.length === 0
      ? passed("claims", 0, `aud, tid, appid, idtyp, exp${target.servicePrincipalObjectId ? ", oid" : ""}${target.credential.kind !== "secret" ? ", appidacr 2" : ""} match`)
      : flagged("claims", "fail", "ERR_CLAIMS", 0, { detail: mismatches.map((m) => `${m.claim} is ${m.actual}, expected ${m.expected}`).join("; ") }),
  );

  const roles = issued.claims.roles;
  if (!result.ok) {
    const missing = target.permissions ? missingRoles(issued.claims, target.permissions) : [];
    checks.push(
      flagged("roles", "fail", "ERR_ROLES_MISSING", result.durationMs, {
        detail: `missing ${missing.join(", ")}; the token has ${roles.length > 0 ? roles.join(", ") : "no roles"}`,
        note: giveUpNote(result, ctx),
      }),
    );
  } else if (target.permissions === undefined) {
    checks.push(flagged("roles", "skip", "SKIP_NOT_RUN", 0, { detail: `no expected permissions given (--permissions); the token has ${roles.length > 0 ? roles.join(", ") : "no roles"}` }));
  } else {
    const undeclared = extraRoles(issued.claims, target.permissions);
    checks.push(
      undeclared.length > 0
        ? flagged("roles", "warn", "WARN_ROLES_UNDECLARED", 0, { detail: `token has ${target.permissions.join(", ") || "every expected permission"}, and also ${undeclared.join(", ")}, which the stack does not declare` })
        : passed("roles", 0, target.permissions.length > 0 ? `token has ${target.permissions.join(", ")}` : "no permissions expected"),
    );
  }
  return { checks, ...(mismatches.length === 0 ? { token: issued } : {}), ...(result.ok ? { tokenMs: result.durationMs } : {}) };
}
