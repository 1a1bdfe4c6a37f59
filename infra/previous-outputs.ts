// What the previous `pulumi up` of this very stack left behind, read through a StackReference to the
// stack itself. The engine answers from the stack's last checkpoint: the outputs of the last
// successful update (a stack never deployed has none: the first deploy). rotation-state.ts turns them
// into the rotation planner's input, or refuses a state it cannot trust.

import * as pulumi from "@pulumi/pulumi";
import type { PreviousRotation } from "./rotation.ts";
import { previousFromOutputs } from "./rotation-state.ts";

/** Resource name of the self-reference (a read, not a resource the stack creates). */
export const SELF_REFERENCE_NAME = "rotation-state";

/** The only outputs the rotation planner reads back (none of them secret). */
export const ROTATION_OUTPUTS = ["rotationState", "nextRotationAt", "clientSecretExpiresAt"] as const;

/** `<organization>/<project>/<stack>`: the fully qualified name of this stack. */
export function selfStackName(organization: string, project: string, stack: string): string {
  return `${organization}/${project}/${stack}`;
}

export async function readPreviousRotation(organization: string, project: string, stack: string): Promise<PreviousRotation | undefined> {
  const self = new pulumi.StackReference(SELF_REFERENCE_NAME, { name: selfStackName(organization, project, stack) });
  const entries = await Promise.all(
    ROTATION_OUTPUTS.map(async (key) => {
      const details = await self.getOutputDetails(key);
      // None of these is written as a secret; should one arrive as a secret anyway, it must still be
      // read: treating a stack as never deployed would plan a new slot 0 over the secret in use.
      return [key, details.value ?? details.secretValue] as const;
    }),
  );
  return previousFromOutputs(Object.fromEntries(entries));
}
