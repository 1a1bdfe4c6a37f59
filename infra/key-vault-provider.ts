// Settings of the explicit azure-native provider that writes into an existing vault. The vault's ARM
// id names its subscription, which need not be the one the stack's default azure-native provider
// uses (a shared vault in a security subscription is common). Azure Resource Manager addresses a
// secret under `/subscriptions/{id}/…` built from the provider's subscriptionId, and an azure-native
// resource has no per-resource subscription input, so the vault gets its own provider, pinned to the
// vault's subscription.
//
// An explicit provider does not read the stack's `azure-native:*` config (only default providers
// do); it still reads the ARM_* environment variables and the Azure CLI login. To sign in exactly as
// the default provider would, the stack's `azure-native:*` settings are copied over; values set with
// `--secret` stay secret. Pure apart from wrapping secrets in pulumi.secret.

import type { ProviderArgs } from "@pulumi/azure-native/provider.js";
import * as pulumi from "@pulumi/pulumi";

const NAMESPACE = "azure-native:";

/** Provider settings the azure-native SDK sends JSON-encoded (booleans, a list): parsed from config text. */
const STRUCTURED = new Set([
  "auxiliaryTenantIds",
  "disableInstanceDiscovery",
  "disablePulumiPartnerId",
  "useDefaultAzureCredential",
  "useMsi",
  "useOidc",
]);
/** Plain string settings. `subscriptionId` is not copied: it is the vault's. */
const STRINGS = new Set([
  "clientCertificatePassword",
  "clientCertificatePath",
  "clientId",
  "clientSecret",
  "environment",
  "location",
  "metadataHost",
  "msiEndpoint",
  "oidcRequestToken",
  "oidcRequestUrl",
  "oidcToken",
  "oidcTokenFilePath",
  "partnerId",
  "tenantId",
]);
/** Credentials: secret even when the stack config holds them in plain text. */
const ALWAYS_SECRET = new Set(["clientCertificatePassword", "clientSecret", "oidcRequestToken", "oidcToken"]);

function structured(text: string): unknown {
  try {
    return JSON.parse(text.trim().toLowerCase() === "true" || text.trim().toLowerCase() === "false" ? text.trim().toLowerCase() : text);
  } catch {
    // Not JSON: hand the text on, so the provider names the setting it cannot read.
    return text;
  }
}

/**
 * Args for the vault's provider: the stack's `azure-native:*` settings (keys of `allConfig` as
 * Pulumi gives them, `azure-native:clientId`, …) with `subscriptionId` replaced by the vault's.
 */
export function vaultProviderArgs(
  allConfig: Readonly<Record<string, string>>,
  subscriptionId: string,
  isSecret: (fullKey: string) => boolean = () => false,
): ProviderArgs {
  const args: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(allConfig)) {
    if (!fullKey.startsWith(NAMESPACE)) continue;
    const key = fullKey.slice(NAMESPACE.length);
    if (!STRUCTURED.has(key) && !STRINGS.has(key)) continue;
    const value = STRUCTURED.has(key) ? structured(text) : text;
    args[key] = ALWAYS_SECRET.has(key) || isSecret(fullKey) ? pulumi.secret(value) : value;
  }
  return { ...(args as ProviderArgs), subscriptionId };
}
