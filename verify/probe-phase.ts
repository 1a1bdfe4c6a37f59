// Call Graph once per planned probe with the workload's token. A 401/403 inside the replication
// window is retried with a fresh token (consent may not have reached Graph yet).
import type { Outcome, RetryReason } from "./classify.ts";
import type { RunContext } from "./context.ts";
import { correlationOf } from "./correlation.ts";
import { graphGet, type GraphGetResult } from "./graph.ts";
import { planProbes, safeReadFor, type Probe } from "./probes.ts";
import { flagged, notRun, passed } from "./report.ts";
import { giveUpNote, runWithRetries } from "./retry-loop.ts";
import type { VerifyTarget } from "./target.ts";
import { fetchToken, retryAfterText, type IssuedToken } from "./token-phase.ts";
import type { CheckResult } from "./types.ts";

export function probeCheckName(probe: Probe): string {
  return `probe GET ${probe.path}`;
}

function waitingForGraph(outcome: Outcome, reason: RetryReason): string {
  const code = "code" in outcome ? outcome.code : "error";
  if (reason === "replicating") return `waiting for Microsoft Graph to honour the new permissions (${code}): retrying with a fresh token`;
  if (reason === "throttled") return `Microsoft Graph is busy or unavailable (${code}): ${retryAfterText(outcome)}`;
  return `Graph request failed (${code}): retrying`;
}

export async function probePhase(ctx: RunContext, target: VerifyTarget, issued: IssuedToken): Promise<{ checks: CheckResult[]; graphMs: number }> {
  const began = ctx.elapsedMs();
  const roles = issued.claims.roles;
  const granted = target.permissions ? target.permissions.filter((p) => roles.includes(p)) : roles;
  const notGranted = target.permissions ? target.permissions.filter((p) => !roles.includes(p)) : [];
  const plan = planProbes(granted, target.probes);
  const checks: CheckResult[] = [];
  let token = issued;

  for (const probe of plan.probes) {
    let refresh = false;
    const pathOnly = probe.path.split("?")[0]!;
    const result = await runWithRetries<GraphGetResult>(ctx, {
      phase: "graph",
      target: pathOnly,
      run: async () => {
        if (refresh) {
          // Only on a retry. The loop paced its first request, the fresh token; the Graph call
          // after it is the retry's second request, paced in turn.
          refresh = false;
          token = await fetchToken(ctx, target);
          await ctx.pace({ retry: true });
        }
        ctx.counters.graphRequests++;
        return graphGet(ctx.http, { graphEndpoint: target.graphEndpoint, path: probe.path, accessToken: token.accessToken });
      },
      waitingFor: waitingForGraph,
      onRetry: (outcome, reason) => {
        if (reason === "replicating" && outcome.kind === "graph") refresh = true;
      },
    });
    const covers = probe.permissions.length > 0 ? ` (${probe.permissions.join(", ")})` : "";
    if (result.ok) {
      checks.push(passed(probeCheckName(probe), result.durationMs, `HTTP ${result.value.status}${covers}`, result.value.correlation));
    } else {
      const code = "code" in result.outcome ? result.outcome.code : "ERR_DEADLINE";
      const detail = result.error instanceof Error ? result.error.message : undefined;
      const correlation = correlationOf(result.error);
      checks.push(flagged(probeCheckName(probe), "fail", code, result.durationMs, { note: giveUpNote(result, ctx), ...(detail ? { detail: `${detail}${covers}` } : {}), ...(correlation ? { correlation } : {}) }));
    }
  }
  for (const permission of plan.uncovered) {
    checks.push(flagged(`probe ${permission}`, "skip", "SKIP_NO_SAFE_READ", 0, { detail: `${permission} has no safe read; covered by the roles claim` }));
  }
  for (const permission of notGranted) {
    if (safeReadFor(permission) !== undefined) checks.push(notRun(`probe ${permission}`, "SKIP_ROLE_NOT_GRANTED", `${permission} is not in the token`));
  }
  return { checks, graphMs: ctx.elapsedMs() - began };
}
