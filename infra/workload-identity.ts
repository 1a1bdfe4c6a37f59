// One ComponentResource for the workload identity: app registration, service principal, its
// credentials (client secret slots per rotation.ts, federated credentials, certificates) and admin
// consent for each Microsoft Graph application permission. Every child, including those the program
// adds (`extend`), exists before the component registers its outputs.

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { CertificateSpec } from "./certificates.ts";
import { createSecretSlots } from "./client-secret.ts";
import type { FederatedCredentialSpec } from "./federated-credentials.ts";
import { createOtherCredentials, earliestExpiry } from "./other-credentials.ts";
import { GRAPH_APP_ID, type ResolvedPermission } from "./permissions.ts";
import type { Slot, SlotPlan } from "./rotation.ts";

export const WORKLOAD_IDENTITY_TYPE = "graph-workload-identity:index:WorkloadIdentity";

export interface WorkloadIdentityArgs {
  /** App registration (and service principal) display name. */
  readonly displayName: string;
  /** Object ids of the owners of the application and of the service principal. */
  readonly owners: readonly pulumi.Input<string>[];
  /** Object id of the Microsoft Graph service principal in this tenant (the resource of every grant). */
  readonly graphServicePrincipalObjectId: pulumi.Input<string>;
  /** Resolved Graph application permissions, in the order the stack lists them. */
  readonly permissions: readonly ResolvedPermission[];
  /**
   * The password slots of this update's rotation plan (`planSlots(...).slots`) and which of them is
   * the active secret (the other one, if any, is the previous secret). Absent: secretless.
   */
  readonly secret?: { readonly slots: readonly SlotPlan[]; readonly activeSlot: Slot } | undefined;
  readonly federatedCredentials?: readonly FederatedCredentialSpec[];
  readonly certificates?: readonly CertificateSpec[];
  /** `<project>/<stack>`, written into notes and tags so a person in the portal knows who manages it. */
  readonly managedBy: string;
  /**
   * Children the program adds under the identity (a Key Vault copy of the secret, the verify hook),
   * created before the component registers its outputs; returns outputs to register with them.
   */
  readonly extend?: (identity: WorkloadIdentity) => Record<string, pulumi.Input<unknown> | undefined>;
}

/** Child resource names, derived from the component name (one place, so tests and rotation agree). */
export function childNames(name: string, permissions: readonly string[]) {
  return {
    application: `${name}-app`,
    servicePrincipal: `${name}-sp`,
    clientSecret: `${name}-secret`,
    // Keyed by permission name, not position: reordering the list must not replace any grant.
    grants: permissions.map((p) => `${name}-grant-${p}`),
  };
}

export class WorkloadIdentity extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;
  readonly applicationObjectId: pulumi.Output<string>;
  readonly servicePrincipalObjectId: pulumi.Output<string>;
  /** Secret Output; undefined when secretless (as are the other clientSecret* fields). */
  readonly clientSecret: pulumi.Output<string> | undefined;
  readonly clientSecretKeyId: pulumi.Output<string> | undefined;
  /** RFC 3339. */
  readonly clientSecretExpiresAt: pulumi.Output<string> | undefined;
  /** RFC 3339: when the active secret was created; verify's replication window starts there. */
  readonly clientSecretCreatedAt: pulumi.Output<string> | undefined;
  /** RFC 3339; undefined while there is only one slot (first deploy). */
  readonly previousClientSecretExpiresAt: pulumi.Output<string> | undefined;
  readonly permissions: pulumi.Output<string[]>;
  /** Per name: issuer, subject, audiences. */
  readonly federatedCredentials: Record<string, { issuer: string; subject: string; audiences: readonly string[] }>;
  /** Per name: thumbprint, expiry, key id. */
  readonly certificates: pulumi.Output<Record<string, { thumbprint: string; expiresAt: string; keyId: string }>>;
  /** RFC 3339: the earliest end date of the active secret and the certificates; undefined when none expires. */
  readonly credentialsExpireAt: pulumi.Output<string | undefined>;
  /**
   * Every child that must exist before the identity works: the passwords and the app role
   * assignments (which themselves wait for the application and the service principal).
   */
  readonly credentialAndGrants: readonly pulumi.CustomResource[];

  constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WORKLOAD_IDENTITY_TYPE, name, {}, opts);
    const names = childNames(
      name,
      args.permissions.map((p) => p.name),
    );
    const owners = [...args.owners];
    const notes =
      `Managed by Pulumi stack ${args.managedBy} (graph-workload-identity). ` +
      "Changes made in the portal are overwritten by the next `pulumi up`.";
    const tags = ["managed-by:pulumi", `pulumi-stack:${args.managedBy}`];

    const application = new azuread.Application(
      names.application,
      {
        displayName: args.displayName,
        signInAudience: "AzureADMyOrg",
        owners,
        notes,
        tags,
        // Listing the roles here makes the portal show them as configured (and consented, below).
        requiredResourceAccesses: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccesses: args.permissions.map((p) => ({ id: p.appRoleId, type: "Role" })),
          },
        ],
      },
      { parent: this },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      names.servicePrincipal,
      {
        clientId: application.clientId,
        owners,
        notes,
        // The tag the portal gives service principals of its own app registrations; without it the
        // identity is missing from "Enterprise applications", where admins review granted permissions.
        tags: [...tags, "WindowsAzureActiveDirectoryIntegratedApp"],
      },
      { parent: this },
    );

    const secret = args.secret;
    const slots = secret === undefined ? [] : createSecretSlots(names.clientSecret, application.id, secret.slots, args.managedBy, this);
    const active = secret === undefined ? undefined : slots.find((s) => s.slot === secret.activeSlot);
    if (secret !== undefined && active === undefined) throw new RangeError(`activeSlot ${secret.activeSlot} is not among the secret slots`);
    const previous = secret === undefined ? undefined : slots.find((s) => s.slot !== secret.activeSlot);
    const others = createOtherCredentials(name, application.id, args.federatedCredentials ?? [], args.certificates ?? [], this);

    // Admin consent for an application permission is exactly one app role assignment per role.
    const grants = args.permissions.map(
      (p, i) =>
        new azuread.AppRoleAssignment(
          names.grants[i] ?? `${name}-grant-${p.name}`,
          {
            principalObjectId: servicePrincipal.objectId,
            resourceObjectId: args.graphServicePrincipalObjectId,
            appRoleId: p.appRoleId,
          },
          { parent: this },
        ),
    );

    this.clientId = application.clientId;
    this.applicationObjectId = application.objectId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.clientSecret = active === undefined ? undefined : pulumi.secret(active.value);
    this.clientSecretKeyId = active?.keyId;
    this.clientSecretExpiresAt = active?.endDate;
    this.clientSecretCreatedAt = active?.startDate;
    this.previousClientSecretExpiresAt = previous?.endDate;
    this.permissions = pulumi.output(args.permissions.map((p) => p.name));
    this.federatedCredentials = others.federated;
    this.certificates = others.certificates;
    this.credentialsExpireAt = pulumi
      .all([active?.endDate, ...(args.certificates ?? []).map((c) => c.notAfter)])
      .apply((dates) => earliestExpiry(dates));
    this.credentialAndGrants = Object.freeze([...slots.map((s) => s.password), ...others.resources, ...grants]);

    const extra = args.extend?.(this) ?? {};
    const outputs: Record<string, pulumi.Input<unknown> | undefined> = {
      clientId: this.clientId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      clientSecret: this.clientSecret,
      clientSecretKeyId: this.clientSecretKeyId,
      clientSecretExpiresAt: this.clientSecretExpiresAt,
      clientSecretCreatedAt: this.clientSecretCreatedAt,
      previousClientSecretExpiresAt: this.previousClientSecretExpiresAt,
      permissions: this.permissions,
      federatedCredentials: this.federatedCredentials,
      certificates: this.certificates,
      credentialsExpireAt: this.credentialsExpireAt,
      ...extra,
    };
    this.registerOutputs(Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)));
  }
}
