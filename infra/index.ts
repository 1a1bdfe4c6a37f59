// The Pulumi program (Pulumi.yaml `main: infra/`): config → checks → rotation plan → one component →
// stack outputs. Everything that can be wrong (config, permissions, the rotation state read back from
// the last update) is checked before the first resource is registered, so a bad input changes nothing
// in the tenant. Every named export is a stack output.
//
// Tests and the local runner import this module after `pulumi.runtime.setMocks(...)` (with an
// organization: the program reads its own last outputs through a StackReference) and may set
// GRAPH_WORKLOAD_IDENTITY_NOW (RFC 3339) to choose the program's clock (see clock.ts).

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { programNow, NOW_ENV } from "./clock.ts";
import { parseConfig, projectConfig } from "./config.ts";
import { GRAPH_APP_ID, resolvePermissions } from "./permissions.ts";
import { readPreviousRotation } from "./previousOutputs.ts";
import { planSlots } from "./rotation.ts";
import type { VerifyTarget } from "./verifyOnDeploy.ts";
import { WorkloadIdentity } from "./workloadIdentity.ts";

const project = pulumi.getProject();
const stack = pulumi.getStack();
const managedBy = `${project}/${stack}`;
const nowMs = programNow(process.env[NOW_ENV], Date.now);
// The deploy-time checks run later than "now"; they keep the program's (possibly overridden) clock.
const clockOffsetMs = nowMs - Date.now();

const allConfig = pulumi.runtime.allConfig();
const raw = projectConfig(allConfig, project);
const azureadConfig = new pulumi.Config("azuread");
const configuredEnvironment = azureadConfig.get("environment");
// `isConfigSecret` is exported by the runtime but not typed; without it no value is treated as secret.
const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
const spec = parseConfig(raw, {
  project,
  stack,
  // Same precedence as the azuread provider itself: stack config, then ARM_ENVIRONMENT.
  environment: configuredEnvironment ?? process.env["ARM_ENVIRONMENT"],
  environmentKey: configuredEnvironment !== undefined ? "azuread:environment" : "ARM_ENVIRONMENT",
  metadataHost: azureadConfig.get("metadataHost"),
  secretKeys: new Set(Object.keys(raw).filter((k) => isConfigSecret?.(`${project}:${k}`) === true)),
});

// Reads only: who deploys (default owner, tenant), the Graph service principal (role ids) and what
// the last update of this stack left (rotation state, or the foundation's single password).
const [deployer, graph, previous] = await Promise.all([
  azuread.getClientConfig(),
  azuread.getServicePrincipal({ clientId: GRAPH_APP_ID }),
  readPreviousRotation(pulumi.getOrganization(), project, stack),
]);
const granted = resolvePermissions(spec.permissions, spec.allowPrivileged, graph);

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
  previousClientSecretExpiresAt: identity.previousClientSecretExpiresAt,
  permissions: granted.map((p) => p.name),
  authorityHost: spec.cloud.authorityHost,
  graphEndpoint: spec.cloud.graphEndpoint,
  scope: `${spec.cloud.graphEndpoint}/.default`,
} satisfies VerifyTarget;

// Optional copy of the active secret in Key Vault; azure-native is loaded only when it is configured.
const keyVault =
  spec.keyVault === undefined
    ? undefined
    : new (await import("./keyVault.ts")).KeyVaultClientSecret(
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

// verifyOnDeploy: the verify checks as a step of `pulumi up` (see verifyOnDeploy.ts for the design).
if (spec.verifyOnDeploy !== "off") {
  const { attachVerifyOnDeploy } = await import("./verifyOnDeploy.ts");
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
export const tenantId = contract.tenantId;
export const clientId = contract.clientId;
export const applicationObjectId = contract.applicationObjectId;
export const servicePrincipalObjectId = contract.servicePrincipalObjectId;
export const clientSecret = contract.clientSecret;
export const clientSecretKeyId = contract.clientSecretKeyId;
export const clientSecretExpiresAt = contract.clientSecretExpiresAt;
export const previousClientSecretExpiresAt = contract.previousClientSecretExpiresAt;
export const nextRotationAt = plan.nextRotationAt;
/** The rotation schedule (no secret), read back by the next update; see rotation.ts. */
export const rotationState = plan.state;
export const permissions = contract.permissions;
export const authorityHost = contract.authorityHost;
export const graphEndpoint = contract.graphEndpoint;
export const scope = contract.scope;
export const keyVaultSecretUri = keyVault?.secretUri;
