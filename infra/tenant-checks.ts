// The program's look at the tenant before it plans (see tenant-findings.ts for what it judges and
// why): signs in as the deployer, refuses owners that would lock an OwnedBy deployer out, and reads
// the identity the last update made. Nothing here fails a deploy except the owners refusal; a read
// that fails is reported and skipped.

import type { ConfigProblem } from "./errors.ts";
import { ownersProblem } from "./owners-check.ts";
import type { PreviousRotation } from "./rotation.ts";
import { tenantFindings, type Finding } from "./tenant-findings.ts";
import { providerConfig, readTenantSnapshot, signInAsDeployer } from "./tenant-view.ts";

export interface TenantCheckInput {
  readonly allConfig: Readonly<Record<string, string>>;
  readonly env: NodeJS.ProcessEnv;
  readonly previousOutputs: Readonly<Record<string, unknown>>;
  readonly previous: PreviousRotation | undefined;
  readonly owners: readonly string[];
  readonly deployerObjectId: string;
  readonly graphServicePrincipalId: string;
  readonly graphAppRoleIds: Readonly<Record<string, string>>;
  readonly declaredRoleIds: ReadonlySet<string>;
  readonly managedBy: string;
}

export interface TenantCheckResult {
  readonly problem?: ConfigProblem | undefined;
  readonly findings: readonly Finding[];
  /** Why the checks did not run, when they did not. */
  readonly skipped?: string | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export async function checkTenant(input: TenantCheckInput): Promise<TenantCheckResult> {
  const session = await signInAsDeployer(providerConfig(input.allConfig), input.env).catch((error: unknown) => ({ skipped: `the deployer's sign-in failed: ${error instanceof Error ? error.message : String(error)}` }));
  if ("skipped" in session) return { findings: [], skipped: session.skipped };
  const problem = ownersProblem({ owners: input.owners, deployerObjectId: input.deployerObjectId, roles: session.roles, directoryRoles: session.directoryRoles });
  const o = input.previousOutputs;
  const [clientId, applicationObjectId, servicePrincipalObjectId] = [text(o["clientId"]), text(o["applicationObjectId"]), text(o["servicePrincipalObjectId"])];
  if (clientId === undefined || applicationObjectId === undefined || servicePrincipalObjectId === undefined) return { problem, findings: [] };
  const state = input.previous?.kind === "state" ? input.previous.state : undefined;
  try {
    const snapshot = await readTenantSnapshot(session.graph, applicationObjectId, servicePrincipalObjectId);
    const findings = tenantFindings(
      {
        clientId,
        applicationObjectId,
        servicePrincipalObjectId,
        activeKeyId: text(o["clientSecretKeyId"]),
        previousKeyId: text(o["previousClientSecretKeyId"]),
        slotCount: state?.slots.length ?? (text(o["clientSecretKeyId"]) === undefined ? 0 : 1),
      },
      snapshot,
      { graphServicePrincipalId: input.graphServicePrincipalId, graphRoleNames: new Map(Object.entries(input.graphAppRoleIds).map(([name, id]) => [id, name])), declaredRoleIds: input.declaredRoleIds },
      input.managedBy,
    );
    return { problem, findings };
  } catch (error) {
    return { problem, findings: [], skipped: `reading the identity failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
