// The client secret of the workload identity, as one small function so that rotation can swap the
// single password for two overlapping slots without touching the rest of the component.

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { ClientSecretPlan } from "./secretPlan.ts";

/** What the component needs from whatever creates the secret(s): the active one. */
export interface ClientSecret {
  /** Secret Output: the value consumers authenticate with. */
  readonly value: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  /** RFC 3339. */
  readonly endDate: pulumi.Output<string>;
}

/**
 * One `azuread.ApplicationPassword` named `name`, for the application whose resource id
 * (`/applications/{objectId}`, i.e. `Application.id`) is `applicationId`.
 */
export function createClientSecret(
  name: string,
  applicationId: pulumi.Input<string>,
  plan: ClientSecretPlan,
  opts: pulumi.CustomResourceOptions,
): ClientSecret {
  const password = new azuread.ApplicationPassword(
    name,
    {
      applicationId,
      displayName: plan.displayName,
      endDate: plan.endDate,
      ...(plan.rotateWhenChanged === undefined ? {} : { rotateWhenChanged: { ...plan.rotateWhenChanged } }),
    },
    // The SDK already marks `value` secret on the wire (additionalSecretOutputs); pulumi.secret below
    // keeps it secret however the Output is transformed later.
    opts,
  );
  return {
    value: pulumi.secret(password.value),
    keyId: password.keyId,
    endDate: password.endDate,
  };
}
