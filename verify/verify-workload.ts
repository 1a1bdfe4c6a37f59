// verifyWorkload: credential checks (a federated token is read and compared with the outputs'
// federated credentials) → token (waiting out replication) → claims and roles → Graph probes.
// Findings go into the report; only unusable inputs throw (VerifyInputError). No console, no exit.
import { createContext, type RunContext } from "./context.ts";
import { credentialChecks } from "./credential.ts";
import { FEDERATED_REPLICATION_AADSTS, federatedPhase } from "./federated-phase.ts";
import { secretExpiryChecks } from "./expiry.ts";
import { probePhase } from "./probe-phase.ts";
import { Redactor } from "./redact.ts";
import { notRun, overallOk } from "./report.ts";
import { parseTarget, PULUMI_SECRET_MASK, type VerifyTarget } from "./target.ts";
import { tokenPhase, type TokenHints } from "./token-phase.ts";
import type { CheckResult, StackOutputs, VerifyOptions, VerifyReport } from "./types.ts";

export async function verifyWorkload(outputs: StackOutputs, options: VerifyOptions = {}): Promise<VerifyReport> {
  const redactor = new Redactor();
  const raw = outputs as unknown as Record<string, unknown> | null;
  // Pulumi's mask "[secret]" (outputs exported without --show-secrets) is no secret: it is named in the problem.
  if (typeof raw?.["clientSecret"] === "string" && raw["clientSecret"] !== PULUMI_SECRET_MASK) redactor.add(raw["clientSecret"]);
  redactor.add(options.certificatePem);
  // GitHub's request token, and its request URL (the job's own): never printed, with or without its query.
  redactor.add(options.githubOidc?.requestToken);
  redactor.add(options.githubOidc?.requestUrl);
  try {
    const url = new URL(options.githubOidc?.requestUrl ?? "");
    redactor.add(`${url.origin}${url.pathname}`);
  } catch {
    // Not a URL: parseTarget names the problem.
  }
  try {
    const target = parseTarget(outputs, options);
    const ctx = createContext(target, options, redactor);
    const startedAt = new Date(ctx.nowMs()).toISOString();
    try {
      const { checks, tokenMs, graphMs } = await runChecks(ctx, target);
      const report: VerifyReport = {
        ok: overallOk(checks),
        version: 1,
        startedAt,
        finishedAt: new Date(ctx.nowMs()).toISOString(),
        target: {
          tenantId: target.tenantId,
          clientId: target.clientId,
          authorityHost: target.authorityHost,
          graphEndpoint: target.graphEndpoint,
          scope: target.scope,
          credential: target.credential.kind,
          ...(target.credential.kind === "federated" ? { federatedTokenSource: target.credential.source.kind } : {}),
          ...(target.permissions ? { permissions: target.permissions } : {}),
        },
        checks,
        timings: {
          totalMs: Math.round(ctx.elapsedMs()),
          ...(tokenMs !== undefined ? { tokenMs: Math.round(tokenMs) } : {}),
          ...(graphMs !== undefined ? { graphMs: Math.round(graphMs) } : {}),
          waitedMs: Math.round(ctx.counters.waitedMs),
          tokenRequests: ctx.counters.tokenRequests,
          graphRequests: ctx.counters.graphRequests,
        },
        attempts: ctx.attempts,
      };
      return redactor.deep(report);
    } finally {
      await ctx.close();
    }
  } catch (err) {
    throw redactor.error(err);
  }
}

/** The checks made before any token request: of the credential itself, and of its expiry. */
async function credentialPhase(ctx: RunContext, target: VerifyTarget): Promise<{ checks: CheckResult[]; usable: boolean; hints: TokenHints }> {
  const nowMs = ctx.nowMs();
  if (target.credential.kind === "federated") {
    const federated = await federatedPhase(ctx, target, target.credential.source);
    return {
      checks: federated.checks,
      usable: federated.usable,
      hints: { noteFor: federated.noteFor, ...(federated.matched ? { replicationCodes: FEDERATED_REPLICATION_AADSTS } : {}) },
    };
  }
  const credential = credentialChecks({
    credential: target.credential,
    ...(target.clientSecretKeyId !== undefined ? { clientSecretKeyId: target.clientSecretKeyId } : {}),
    nowMs,
    warnDays: ctx.warnDays,
  });
  const checks: CheckResult[] = [...credential.checks];
  if (target.credential.kind === "secret") {
    checks.push(...secretExpiryChecks({ expiresAt: target.secretExpiresAt, previousExpiresAt: target.previousSecretExpiresAt, nowMs, warnDays: ctx.warnDays }));
  }
  return { checks, usable: credential.usable, hints: {} };
}

async function runChecks(ctx: RunContext, target: VerifyTarget): Promise<{ checks: CheckResult[]; tokenMs?: number; graphMs?: number }> {
  const credential = await credentialPhase(ctx, target);
  const checks: CheckResult[] = [...credential.checks];
  if (!credential.usable) {
    checks.push(notRun("token"), notRun("claims"), notRun("roles"));
    return { checks };
  }
  const token = await tokenPhase(ctx, target, credential.hints);
  checks.push(...token.checks);
  if (!token.token) return { checks, ...(token.tokenMs !== undefined ? { tokenMs: token.tokenMs } : {}) };
  const probes = await probePhase(ctx, target, token.token);
  checks.push(...probes.checks);
  return { checks, ...(token.tokenMs !== undefined ? { tokenMs: token.tokenMs } : {}), graphMs: probes.graphMs };
}
