// The resource types the substitute provider carries out. Anything else is refused with a clear
// error, never silently accepted: it must not pretend to have created something.

import { ProviderError } from "../errors.ts";
import { application } from "./application.ts";
import { applicationPassword } from "./application-password.ts";
import { appRoleAssignment } from "./app-role-assignment.ts";
import { applicationCertificate } from "./application-certificate.ts";
import { federatedIdentityCredential } from "./federated-identity-credential.ts";
import { servicePrincipal } from "./service-principal.ts";
import type { ResourceProvider } from "./types.ts";

export type { DiffRules, ProviderContext, ResourceEntry, ResourceProvider } from "./types.ts";
export { checkInputs } from "./types.ts";

const PROVIDERS: ReadonlyMap<string, ResourceProvider> = new Map(
  [application, servicePrincipal, applicationPassword, appRoleAssignment, federatedIdentityCredential, applicationCertificate].map((p) => [p.type, p]),
);

export const EMULATED_TYPES: readonly string[] = [...PROVIDERS.keys()];

export function providerFor(type: string, name: string): ResourceProvider {
  const provider = PROVIDERS.get(type);
  if (provider !== undefined) return provider;
  throw new ProviderError("NOT_EMULATED", `${type} "${name}" is not a resource type the substitute azuread provider carries out`, `supported: ${EMULATED_TYPES.join(", ")}`);
}
