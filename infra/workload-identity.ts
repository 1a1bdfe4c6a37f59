// One ComponentResource for the workload identity: app registration, service principal, client
// secret slots (rotation.ts) and admin consent for each Microsoft Graph application permission.

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { createSecretSlots } from "./client-secret.ts";
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
  /** The password slots of this update's rotation plan (`planSlots(...).slots`). */
  readonly secretSlots: readonly SlotPlan[];
  /** Which of them is the active secret; the other one, if any, is the previous secret. */
  readonly activeSlot: Slot;
  /** `<project>/<stack>`, written into notes and tags so a person in the portal knows who manages it. */
  readonly managedBy: string;
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
  /** Secret Output. */
  readonly clientSecret: pulumi.Output<string>;
  readonly clientSecretKeyId: pulumi.Output<string>;
  /** RFC 3339. */
  readonly clientSecretExpiresAt: pulumi.Output<string>;
  /** RFC 3339: when the active secret was created; verify's replication window starts there. */
  readonly clientSecretCreatedAt: pulumi.Output<string>;
  /** RFC 3339; undefined while there is only one slot (first deploy). */
  readonly previousClientSecretExpiresAt: pulumi.Output<string> | undefined;
  readonly permissions: pulumi.Output<string[]>;
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

    const slots = createSecretSlots(names.clientSecret, application.id, args.secretSlots, args.managedBy, this);
    const active = slots.find((s) => s.slot === args.activeSlot);
    if (active === undefined) throw new RangeError(`activeSlot ${args.activeSlot} is not among the secret slots`);
    const previous = slots.find((s) => s.slot !== args.activeSlot);

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
    this.clientSecret = pulumi.secret(active.value);
    this.clientSecretKeyId = active.keyId;
    this.clientSecretExpiresAt = active.endDate;
    this.clientSecretCreatedAt = active.startDate;
    this.previousClientSecretExpiresAt = previous?.endDate;
    this.permissions = pulumi.output(args.permissions.map((p) => p.name));
    this.credentialAndGrants = Object.freeze([...slots.map((s) => s.password), ...grants]);

    this.registerOutputs({
      clientId: this.clientId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      clientSecret: this.clientSecret,
      clientSecretKeyId: this.clientSecretKeyId,
      clientSecretExpiresAt: this.clientSecretExpiresAt,
      clientSecretCreatedAt: this.clientSecretCreatedAt,
      ...(this.previousClientSecretExpiresAt === undefined ? {} : { previousClientSecretExpiresAt: this.previousClientSecretExpiresAt }),
      permissions: this.permissions,
    });
  }
}
