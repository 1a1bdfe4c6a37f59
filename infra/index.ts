// The Pulumi program (Pulumi.yaml `main: infra/`): config → checks → one component → stack outputs.
// Everything that can be wrong is checked before the first resource is registered, so a bad config
// or an unknown permission changes nothing in the tenant. Every named export is a stack output.
//
// Tests and the local runner import this module after `pulumi.runtime.setMocks(...)` and may set
// GRAPH_WORKLOAD_IDENTITY_NOW (RFC 3339) to choose the program's clock (see clock.ts).

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { programNow, NOW_ENV } from "./clock.ts";
import { parseConfig, projectConfig } from "./config.ts";
import { GRAPH_APP_ID, resolvePermissions } from "./permissions.ts";
import { singleSecretPlan } from "./secretPlan.ts";
import { WorkloadIdentity } from "./workloadIdentity.ts";

const project = pulumi.getProject();
const stack = pulumi.getStack();
const managedBy = `${project}/${stack}`;
const nowMs = programNow(process.env[NOW_ENV], Date.now);

const raw = projectConfig(pulumi.runtime.allConfig(), project);
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

// Reads only: who deploys (default owner, tenant) and the Graph service principal (role ids).
const [deployer, graph] = await Promise.all([
  azuread.getClientConfig(),
  azuread.getServicePrincipal({ clientId: GRAPH_APP_ID }),
]);
const granted = resolvePermissions(spec.permissions, spec.allowPrivileged, graph);

const identity = new WorkloadIdentity("workload-identity", {
  displayName: spec.displayName,
  owners: spec.owners.length > 0 ? spec.owners : [deployer.objectId],
  graphServicePrincipalObjectId: graph.objectId,
  permissions: granted,
  clientSecret: singleSecretPlan({
    nowMs,
    rotationDays: spec.rotationDays,
    secretLifetimeDays: spec.secretLifetimeDays,
    rotate: spec.rotate,
    managedBy,
  }),
  managedBy,
});

// Stack outputs: the contract in DESIGN.md, read by verify. Renaming one needs a migration note.
export const tenantId = deployer.tenantId;
export const clientId = identity.clientId;
export const applicationObjectId = identity.applicationObjectId;
export const servicePrincipalObjectId = identity.servicePrincipalObjectId;
export const clientSecret = pulumi.secret(identity.clientSecret);
export const clientSecretExpiresAt = identity.clientSecretExpiresAt;
export const permissions = granted.map((p) => p.name);
export const authorityHost = spec.cloud.authorityHost;
export const graphEndpoint = spec.cloud.graphEndpoint;
export const scope = `${spec.cloud.graphEndpoint}/.default`;
