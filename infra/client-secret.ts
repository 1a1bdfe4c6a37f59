// The client secret slots of the workload identity: one `azuread.ApplicationPassword` per slot of
// the rotation plan (rotation.ts decides which slots exist, their keepers and end dates).

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { slotResourceName, type Slot, type SlotPlan } from "./rotation.ts";

/** One password slot as the component needs it. */
export interface SecretSlot {
  readonly slot: Slot;
  readonly password: azuread.ApplicationPassword;
  /** Secret Output: the value consumers authenticate with. */
  readonly value: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  /** RFC 3339. */
  readonly endDate: pulumi.Output<string>;
  /** RFC 3339: when the password was created (Entra's startDateTime; the program never sets a start). */
  readonly startDate: pulumi.Output<string>;
}

/** Shown in the portal's "Certificates & secrets": which stack manages the secret, and which slot it is. */
export function slotDisplayName(managedBy: string, slot: SlotPlan): string {
  return `managed by Pulumi stack ${managedBy} (slot ${slot.slot}, generation ${slot.generation})`;
}

/**
 * One password per slot for the application whose resource id (`/applications/{objectId}`, i.e.
 * `Application.id`) is `applicationId`. Every input of a password forces a replacement, so each must
 * stay the same inside a period: the keeper (generation) changes only for the slot being rotated.
 *
 * - Slot 0 keeps the single-secret stack's resource name (`name`), so upgrading keeps its URN: no alias.
 * - The adopted single-secret password (`legacy`) is registered with `ignoreChanges: ["*"]`: its old
 *   inputs (another display name, maybe a `rotate` keeper) must not replace the secret in use.
 * - No `startDate` (Entra starts a password when it is created; a start in the future would make a
 *   fresh secret unusable) and no `deleteBeforeReplace`: a new secret exists before the old one goes.
 */
export function createSecretSlots(
  name: string,
  applicationId: pulumi.Input<string>,
  slots: readonly SlotPlan[],
  managedBy: string,
  parent: pulumi.Resource,
): SecretSlot[] {
  return slots.map((slot) => {
    const password = new azuread.ApplicationPassword(
      slotResourceName(name, slot.slot),
      {
        applicationId,
        displayName: slotDisplayName(managedBy, slot),
        endDate: slot.endsAt,
        rotateWhenChanged: { generation: slot.keeper },
      },
      // The SDK already marks `value` secret on the wire (additionalSecretOutputs); pulumi.secret below
      // keeps it secret however the Output is transformed later.
      // The display name is written once, when the password is made: it names the stack (project/
      // stack), and a change of it would replace the password (both providers treat it as immutable),
      // so `pulumi stack rename` or a project rename would replace the active secret consumers hold.
      { parent, ignoreChanges: slot.legacy ? ["*"] : ["displayName"] },
    );
    return { slot: slot.slot, password, value: pulumi.secret(password.value), keyId: password.keyId, endDate: password.endDate, startDate: password.startDate };
  });
}
