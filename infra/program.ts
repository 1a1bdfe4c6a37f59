// The Pulumi program: config → checks → rotation plan → one component → stack outputs. Everything
// that can be wrong (config, permissions, the rotation state read back from the last update) is
// checked before the first resource is registered, so a bad input changes nothing in the tenant.
// Config and permission names are checked in one round: a stack with mistakes in both hears of all
// of them in one `pulumi up`.
//
// `program()` is what index.ts hands to Pulumi's Node.js runtime (`pulumi up`), what the Automation
// API runs inline (npm start, the engine tests) and what the unit tests call under mocks. It may read
// GRAPH_WORKLOAD_IDENTITY_NOW (RFC 3339) as its clock (see clock.ts).

import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
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

/** The folder of Pulumi.yaml, where relative paths in the stack config start. */
function projectFolder(): string {
  const root = pulumi.runtime.getRootDirectory();
  return isAbsolute(root) ? root : process.cwd();
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
    now: nowMs,
    // Certificate files are relative to the project folder (where Pulumi.yaml is). The language host
    // runs the program in `main` (infra/), so the working directory is not that folder: the root
    // directory the host passes is. An inline program (Automation API) runs in its project folder, and
    // there @pulumi/pulumi 3.270 answers getRootDirectory() with the text "rootDirectory": hence the check.
    readFile: (path) => readFileSync(resolve(projectFolder(), path), "utf8"),
  });
  problems.push(...check.problems);
  const spec = check.config;
  if (spec === undefined || problems.length > 0) throw new ConfigError([...problems, ...(await nameProblems(check))]);

  // Reads only: who deploys (default owner, tenant), the Graph service principal (role ids) and what
  // the last update of this stack left (its rotation state; a secretless stack has none to keep).
  const [deployer, graph, cloud] = await Promise.all([
    azuread.getClientConfig(),
    azuread.getServicePrincipal({ clientId: GRAPH_APP_ID }),
    spec.cloud.name === "custom" ? fetchCloudEndpoints(spec.cloud.metadataHost) : spec.cloud,
  ]);
  // Read only after the invokes: the engine writes this stack's checkpoint as the update starts, and
  // with a file backend a read of that same checkpoint at that moment was seen to fail ("failed to
  // load checkpoint: EOF"); by the time the provider has answered, that write is long done.
  const previous = spec.secretless ? undefined : await readPreviousRotation(pulumi.getOrganization(), project, stack);
  const names = checkPermissionNames(check.names, graph);
  if (names.problems.length > 0) throw new ConfigError(names.problems);
  const granted = names.resolved;

  const plan = spec.secretless
    ? undefined
    : planSlots({ now: nowMs, rotationDays: spec.rotationDays, secretLifetimeDays: spec.secretLifetimeDays, rotate: spec.rotate, previous });
  for (const notice of plan?.notices ?? []) {
    const log = notice.code === "LEGACY_ADOPTED" ? pulumi.log.info : pulumi.log.warn;
    void log(`rotation (${notice.code}): ${notice.message}`);
  }
  // Loaded only when used: azure-native for Key Vault, verify for the deploy-time checks.
  const keyVaultModule = spec.keyVault === undefined ? undefined : await import("./key-vault.ts");
  const verifyModule = spec.verifyOnDeploy === "off" || spec.secretless ? undefined : await import("./verify-on-deploy.ts");
  if (spec.secretless && spec.verifyOnDeploy !== "off") {
    void pulumi.log.info("verifyOnDeploy: skipped, a secretless identity signs in only with its workload's token or key; run `graph-verify --federated-token-file`, `--github-oidc` or `--certificate` where the workload runs");
  }

  let keyVaultSecretUri: pulumi.Output<string> | undefined;
  const identity = new WorkloadIdentity("workload-identity", {
    displayName: spec.displayName,
    owners: spec.owners.length > 0 ? spec.owners : [deployer.objectId],
    graphServicePrincipalObjectId: graph.objectId,
    permissions: granted,
    secret: plan === undefined ? undefined : { slots: plan.slots, activeSlot: plan.activeSlot },
    federatedCredentials: spec.federatedCredentials,
    certificates: spec.certificates,
    managedBy,
    extend: (self) => {
      const target = contractOf(self);
      if (keyVaultModule !== undefined && spec.keyVault !== undefined && self.clientSecret !== undefined) {
        // Optional copy of the active secret in Key Vault.
        keyVaultSecretUri = new keyVaultModule.KeyVaultClientSecret(
          "kv",
          {
            config: spec.keyVault,
            tenantId: deployer.tenantId,
            value: self.clientSecret,
            keyId: self.clientSecretKeyId ?? "",
            endDate: self.clientSecretExpiresAt ?? "",
            clientId: self.clientId,
            managedBy,
            stackConfig: allConfig,
            isSecretConfig: (key) => isConfigSecret?.(key) === true,
          },
          { parent: self },
        ).secretUri;
      }
      // verifyOnDeploy: the verify checks as a step of `pulumi up` (see verify-on-deploy.ts for the design).
      if (verifyModule !== undefined && spec.verifyOnDeploy !== "off") {
        verifyModule.attachVerifyOnDeploy({
          mode: spec.verifyOnDeploy,
          name: "workload-identity-verify",
          parent: self,
          dependsOn: self.credentialAndGrants,
          target,
          now: () => Date.now() + clockOffsetMs,
          stack,
        });
      }
      return { keyVaultSecretUri };
    },
  });

  // What verify reads (DESIGN.md contract); the deploy-time hook gets the same values as the stack.
  function contractOf(self: WorkloadIdentity) {
    return {
      tenantId: deployer.tenantId,
      clientId: self.clientId,
      applicationObjectId: self.applicationObjectId,
      servicePrincipalObjectId: self.servicePrincipalObjectId,
      clientSecret: self.clientSecret === undefined ? undefined : pulumi.secret(self.clientSecret),
      clientSecretKeyId: self.clientSecretKeyId,
      clientSecretExpiresAt: self.clientSecretExpiresAt,
      clientSecretCreatedAt: self.clientSecretCreatedAt,
      previousClientSecretExpiresAt: self.previousClientSecretExpiresAt,
      permissions: granted.map((p) => p.name),
      authorityHost: cloud.authorityHost,
      graphEndpoint: cloud.graphEndpoint,
      scope: `${cloud.graphEndpoint}/.default`,
    } satisfies VerifyTarget;
  }

  // Stack outputs: the contract in DESIGN.md, read by verify. Renaming one needs a migration note.
  // An undefined output (previous expiry on a first deploy, the secret's outputs of a secretless
  // stack, Key Vault URI without keyVault) is omitted.
  const outputs: StackOutputs = {
    ...contractOf(identity),
    nextRotationAt: plan?.nextRotationAt,
    /** The rotation schedule (no secret), read back by the next update; see rotation.ts. */
    rotationState: plan?.state,
    keyVaultSecretUri,
    ...(spec.federatedCredentials.length > 0 ? { federatedCredentials: identity.federatedCredentials } : {}),
    ...(spec.certificates.length > 0 ? { certificates: identity.certificates } : {}),
    credentialsExpireAt: spec.secretless && spec.certificates.length === 0 ? undefined : identity.credentialsExpireAt,
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
