// The real provider's ids of an application's credentials: `{objectId}/password/{keyId}`,
// `{objectId}/certificate/{keyId}`, `{objectId}/federatedIdentityCredential/{id}`. Parsed from the id
// alone, as `pulumi import` (and a read after it) has nothing else.

import { ProviderError } from "../errors.ts";

export type CredentialKind = "password" | "certificate" | "federatedIdentityCredential";

export function credentialId(objectId: string, kind: CredentialKind, keyId: string): string {
  return `${objectId}/${kind}/${keyId}`;
}

export function parseCredentialId(id: string, kind: CredentialKind): { objectId: string; keyId: string } {
  const match = new RegExp(`^([0-9a-fA-F-]{36})/${kind}/([0-9a-fA-F-]{36})$`).exec(id);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ProviderError("UNSUPPORTED_INPUT", `${JSON.stringify(id)} is not a ${kind} id`, `use {applicationObjectId}/${kind}/{id}`);
  }
  return { objectId: match[1], keyId: match[2] };
}

/** The application's credentials of one collection, or undefined when the application is gone. */
export function listedKeyIds(app: Record<string, unknown> | undefined, collection: "passwordCredentials" | "keyCredentials"): string[] | undefined {
  if (app === undefined) return undefined;
  const list = app[collection];
  return (Array.isArray(list) ? (list as { keyId?: unknown }[]) : []).map((c) => String(c.keyId));
}
