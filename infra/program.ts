// The Pulumi program: config → checks → rotation plan → one component → stack outputs. Everything
// that can be wrong (config, permissions, the rotation state read back from the last update) is
// checked before the first resource is registered, so a bad input changes nothing in the tenant.
// Config and permission names are checked in one round: a stack with mistakes in both hears of all
// of them in one `pulumi up`.
//
// `program()` is what index.ts hands to Pulumi's Node.js runtime (`pulumi up`), what the Automation
// API runs inline (npm start, the engine tests) and what the unit tests call under mocks. It may read
// GRAPH_WORKLOAD_IDENTITY_NOW (RFC 3339) as its clock (see clock.ts).

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { programNow, NOW_ENV } from "./clock.ts";
import { fetchCloudEndpoints } from "./cloud-metadata.ts";
import { checkConfig, projectConfig, type ConfigCheck } from "./config.ts";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { checkPermissionNames, GRAPH_APP_ID } from "./permissions.ts";
import { readPreviousRotation } from "./previous-outputs.ts";
import { planSlots } from "./rotation.ts";
import type { VerifyTarget } from "./verify-on-deploy.ts";
import { WorkloadIdentity } from "./workload-identity.ts";

/** The stack outputs (DESIGN.md contract, read by verify); undefined ones are left out. */
export type StackOutputs = Record<string, unknown>;

export async function program(): Promise<StackOutputs> {
  try {
    return await deploy();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Pulumi's inline runtime (Automation API) prints a thrown RunError twice: once logged, once as
    // the run's result. So the list is logged here, once, and what is thrown only points at it.
    await pulumi.log.error(error.report);
    throw error.reported();
  }
}

async function deploy(): Promise<StackOutputs> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const managedBy = `${project}/${stack}`;
  const problems: ConfigProblem[] = [];
  let nowMs = Date.now();
  try {
    nowMs = programNow(process.env[NOW_ENV], Date.now);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  // The deploy-time checks run later than "now"; they keep the program's (possibly overridden) clock.
  const clockOffsetMs = nowMs - Date.now();

  const allConfig = pulumi.runtime.allConfig();
  const raw = projectConfig(allConfig, project);
  const azureadConfig = new pulumi.Config("azuread");
  const configuredEnvironment = azureadConfig.get("environment");
  const configuredMetadataHost = azureadConfig.get("metadataHost");
  // `isConfigSecret` is exported by the runtime but not typed; without it no value is treated as secret.
  const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  const check = checkConfig(raw, {
    project,
    stack,
    // Same precedence as the azuread provider itself: stack config, then ARM_ENVIRONMENT.
    environment: configuredEnvironment ?? process.env["ARM_ENVIRONMENT"],
    environmentKey: configuredEnvironment !== undefined ? "azuread:environment" : "ARM_ENVIRONMENT",
    // The provider's own precedence again: azuread:metadataHost, then ARM_METADATA_HOSTNAME.
    metadataHost: configuredMetadataHost ?? process.env["ARM_METADATA_HOSTNAME"],
    metadataHostKey: configuredMetadataHost !== undefined ? "azuread:metadataHost" : "ARM_METADATA_HOSTNAME",
    secretKeys: new Set(Object.keys(raw).filter((k) => isConfigSecret?.(`${project}:${k}`) === true)),
  });
  problems.push(...check.problems);
  const spec = check.config;
  if (spec === undefined || problems.length > 0) throw new ConfigError([...problems, ...(await nameProblems(check))]);

  // Reads only: who deploys (default owner, tenant), the Graph service principal (role ids) and what
  // the last update of this stack left (rotation state, or the foundation's single password).
  const [deployer, graph, previous, cloud] = await Promise.all([
    azuread.getClientConfig(),
    azuread.getServicePrincipal({ clientId: GRAPH_APP_ID }),
    readPreviousRotation(pulumi.getOrganization(), project, stack),
    spec.cloud.name === "custom" ? fetchCloudEndpoints(spec.cloud.metadataHost) : spec.cloud,
  ]);
  const names = checkPermissionNames(check.names, graph);
  if (names.problems.length > 0) throw new ConfigError(names.problems);
  const granted = names.resolved;

  const plan = planSlots({
    now: nowMs,
    rotationDays: spec.rotationDays,
    secretLifetimeDays: spec.secretLifetimeDays,
    rotate: spec.rotate,
    previous,
  });
  for (const notice of plan.notices) {
    const log = notice.code === "LEGACY_ADOPTED" ? pulumi.log.info : pulumi.log.warn;
    void log(`rotation (${notice.code}): ${notice.message}`);
  }

  const identity = new WorkloadIdentity("workload-identity", {
    displayName: spec.displayName,
    owners: spec.owners.length > 0 ? spec.owners : [deployer.objectId],
    graphServicePrincipalObjectId: graph.objectId,
    permissions: granted,
    secretSlots: plan.slots,
    activeSlot: plan.activeSlot,
    managedBy,
  });

  // What verify reads (DESIGN.md contract); the deploy-time hook gets the same values as the stack.
  const contract = {
    tenantId: deployer.tenantId,
    clientId: identity.clientId,
    applicationObjectId: identity.applicationObjectId,
    servicePrincipalObjectId: identity.servicePrincipalObjectId,
    clientSecret: pulumi.secret(identity.clientSecret),
    clientSecretKeyId: identity.clientSecretKeyId,
    clientSecretExpiresAt: identity.clientSecretExpiresAt,
    clientSecretCreatedAt: identity.clientSecretCreatedAt,
    previousClientSecretExpiresAt: identity.previousClientSecretExpiresAt,
    permissions: granted.map((p) => p.name),
    authorityHost: cloud.authorityHost,
    graphEndpoint: cloud.graphEndpoint,
    scope: `${cloud.graphEndpoint}/.default`,
  } satisfies VerifyTarget;

  // Optional copy of the active secret in Key Vault; azure-native is loaded only when it is configured.
  const keyVault =
    spec.keyVault === undefined
      ? undefined
      : new (await import("./key-vault.ts")).KeyVaultClientSecret(
          "kv",
          {
            config: spec.keyVault,
            tenantId: deployer.tenantId,
            value: contract.clientSecret,
            keyId: identity.clientSecretKeyId,
            endDate: identity.clientSecretExpiresAt,
            clientId: identity.clientId,
            managedBy,
            stackConfig: allConfig,
            isSecretConfig: (key) => isConfigSecret?.(key) === true,
          },
          { parent: identity },
        );

  // verifyOnDeploy: the verify checks as a step of `pulumi up` (see verify-on-deploy.ts for the design).
  if (spec.verifyOnDeploy !== "off") {
    const { attachVerifyOnDeploy } = await import("./verify-on-deploy.ts");
    attachVerifyOnDeploy({
      mode: spec.verifyOnDeploy,
      name: "workload-identity-verify",
      parent: identity,
      dependsOn: identity.credentialAndGrants,
      target: contract,
      now: () => Date.now() + clockOffsetMs,
      stack,
    });
  }

  // Stack outputs: the contract in DESIGN.md, read by verify. Renaming one needs a migration note.
  // An undefined output (previous expiry on a first deploy, Key Vault URI without keyVault) is omitted.
  const outputs: StackOutputs = {
    ...contract,
    nextRotationAt: plan.nextRotationAt,
    /** The rotation schedule (no secret), read back by the next update; see rotation.ts. */
    rotationState: plan.state,
    keyVaultSecretUri: keyVault?.secretUri,
  };
  return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
}

/**
 * With other config problems, the permission names are still looked up in the tenant, so that the
 * one error lists them too. Skipped when the provider's own settings are wrong (it could not read
 * the tenant) or there is no name to check; a failed read leaves the names unchecked.
 */
async function nameProblems(check: ConfigCheck): Promise<readonly ConfigProblem[]> {
  const providerBroken = check.problems.some((p) => p.key.startsWith("azuread:") || p.key.startsWith("ARM_"));
  if (providerBroken || (check.names.permissions.length === 0 && check.names.allowPrivileged.length === 0)) return [];
  try {
    const graph = await azuread.getServicePrincipal({ clientId: GRAPH_APP_ID });
    return checkPermissionNames(check.names, graph).problems;
  } catch {
    return [];
  }
}
