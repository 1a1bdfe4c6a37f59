// The resource types the local runner carries out on the emulator. Anything else is refused with a
// clear error, never silently accepted: a local run must not pretend to have created something.

import { LocalRunError } from "../errors.ts";
import { application } from "./application.ts";
import { applicationPassword } from "./application-password.ts";
import { appRoleAssignment } from "./app-role-assignment.ts";
import { servicePrincipal } from "./service-principal.ts";
import { stash } from "./stash.ts";
import type { ResourceProvider } from "./types.ts";

export type { ProviderContext, ResourceProvider } from "./types.ts";
export { checkInputs } from "./types.ts";

const PROVIDERS: ReadonlyMap<string, ResourceProvider> = new Map(
  [application, servicePrincipal, applicationPassword, appRoleAssignment, stash].map((p) => [p.type, p]),
);

export const EMULATED_TYPES: readonly string[] = [...PROVIDERS.keys()];

export function providerFor(type: string, name: string): ResourceProvider {
  const provider = PROVIDERS.get(type);
  if (provider !== undefined) return provider;
  if (type.startsWith("azure-native:") || type === "pulumi:providers:azure-native") {
    throw new LocalRunError(
      "NOT_EMULATED",
      `${type} "${name}": Key Vault is not emulated (the emulator stands in for Entra ID and Microsoft Graph only)`,
      "remove `keyVault` from the stack config to run locally; Key Vault storage is exercised by the unit tests under mocks",
    );
  }
  throw new LocalRunError("NOT_EMULATED", `${type} "${name}" is not a resource type the local runner carries out on the emulator`, `supported: ${EMULATED_TYPES.join(", ")}`);
}
