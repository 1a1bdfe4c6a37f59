// Optional copy of the active client secret in Azure Key Vault (stack config `keyVault`), for
// consumers that read secrets from a vault rather than from stack outputs.
//
// - `@pulumi/azure-native` is imported by submodule (keyvault/index.js, ~30 ms) and never as a whole
//   package (~550 ms); nothing here registers a resource unless the component is constructed, so a
//   stack without `keyVault` has no azure-native resource and never starts that provider.
// - The secret is written through Azure Resource Manager (`Microsoft.KeyVault/vaults/secrets/write`,
//   a management-plane action in Contributor and Key Vault Contributor): the deployer needs no
//   data-plane role, and vault firewalls do not apply to it. Consumers read through the data plane
//   and need "Key Vault Secrets User" on the vault or on this secret.
// - One secret name for the stack; each rotation writes a new version under it (new value, content
//   type and expiry), so the versionless URI always serves the active secret and older versions stay
//   readable until they expire. Its `expires` attribute is the password's own end date.
// - A vault the stack creates uses Azure RBAC (no access policies) and grants nobody anything; it
//   goes into the subscription of the stack's azure-native provider.
// - An existing vault is written through its own provider pinned to the subscription in its ARM id
//   (key-vault-provider.ts), so it may live in another subscription than the stack's default.

import * as keyvault from "@pulumi/azure-native/keyvault/index.js";
import { Provider } from "@pulumi/azure-native/provider.js";
import * as pulumi from "@pulumi/pulumi";
import type { KeyVaultConfig } from "./config-key-vault.ts";
import { vaultProviderArgs } from "./key-vault-provider.ts";

export const KEY_VAULT_SECRET_TYPE = "graph-workload-identity:index:KeyVaultClientSecret";

/** Built-in role a consumer needs to read the secret (scope: the vault, or the secret itself). */
export const KEY_VAULT_SECRETS_USER_ROLE_ID = "4633458b-17de-408a-b874-0445c86b69e6";

/**
 * Key Vault names are 3-24 characters and azure-native auto-names a vault as its resource name
 * plus 8 random characters; this keeps `<name>-vault` short enough when `create.name` is unset.
 */
export const MAX_AUTONAMED_COMPONENT_NAME = 9;

/** Key Vault's `expires` attribute: whole seconds since the epoch, from an RFC 3339 end date. */
export function expiresEpochSeconds(endDate: string): number {
  const ms = Date.parse(endDate);
  if (Number.isNaN(ms)) throw new RangeError(`end date ${JSON.stringify(endDate)} is not RFC 3339`);
  return Math.floor(ms / 1000);
}

/** Says what the secret is, so a person browsing the vault can find the app and the credential. */
export function secretContentType(clientId: string, keyId: string): string {
  return `client-secret; app=${clientId}; keyId=${keyId}`;
}

export interface KeyVaultClientSecretArgs {
  readonly config: KeyVaultConfig;
  /** Entra tenant of the vault; used only when the stack creates the vault. */
  readonly tenantId: pulumi.Input<string>;
  /** The active client secret (kept secret). */
  readonly value: pulumi.Input<string>;
  /** The active password's key id and end date (RFC 3339). */
  readonly keyId: pulumi.Input<string>;
  readonly endDate: pulumi.Input<string>;
  /** Application (client) id, named in the content type. */
  readonly clientId: pulumi.Input<string>;
  /** `<project>/<stack>`, written into tags. */
  readonly managedBy: string;
  /** The stack's config (`pulumi.runtime.allConfig()`): sign-in settings for an existing vault's provider. */
  readonly stackConfig?: Readonly<Record<string, string>> | undefined;
  /** Whether a config key (`azure-native:clientSecret`) was set with `--secret`. */
  readonly isSecretConfig?: ((fullKey: string) => boolean) | undefined;
}

export class KeyVaultClientSecret extends pulumi.ComponentResource {
  /** Versionless URI: always the current (active) secret. Not secret. */
  readonly secretUri: pulumi.Output<string>;
  /** URI of the version this update wrote. Not secret. */
  readonly secretUriWithVersion: pulumi.Output<string>;
  readonly vaultName: pulumi.Output<string>;

  constructor(name: string, args: KeyVaultClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(KEY_VAULT_SECRET_TYPE, name, {}, opts);
    const cfg = args.config;
    const tags = { "managed-by": "pulumi", "pulumi-stack": args.managedBy };

    let vaultName: pulumi.Output<string>;
    let dependsOn: pulumi.Resource[] = [];
    let provider: Provider | undefined;
    if (cfg.mode === "create") {
      if (cfg.vaultName === undefined && name.length > MAX_AUTONAMED_COMPONENT_NAME) {
        throw new RangeError(
          `KeyVaultClientSecret name ${JSON.stringify(name)} is too long for an auto-named vault; use at most ${MAX_AUTONAMED_COMPONENT_NAME} characters or set keyVault.create.name`,
        );
      }
      const vault = new keyvault.Vault(
        `${name}-vault`,
        {
          resourceGroupName: cfg.resourceGroupName,
          ...(cfg.vaultName === undefined ? {} : { vaultName: cfg.vaultName }),
          ...(cfg.location === undefined ? {} : { location: cfg.location }),
          properties: {
            tenantId: args.tenantId,
            sku: { family: "A", name: "standard" },
            // Azure RBAC, not access policies: who may read is a role assignment, reviewable like any other.
            enableRbacAuthorization: true,
            // Soft delete is always on for new vaults; purge protection cannot be turned off again, so
            // it is left to the vault's owner.
          },
          tags,
        },
        { parent: this },
      );
      vaultName = vault.name;
      dependsOn = [vault];
    } else {
      vaultName = pulumi.output(cfg.vaultName);
      provider = new Provider(`${name}-provider`, vaultProviderArgs(args.stackConfig ?? {}, cfg.subscriptionId, args.isSecretConfig), { parent: this });
    }

    const secret = new keyvault.Secret(
      `${name}-secret`,
      {
        resourceGroupName: cfg.resourceGroupName,
        vaultName,
        secretName: cfg.secretName,
        properties: {
          value: pulumi.secret(args.value),
          contentType: pulumi.all([args.clientId, args.keyId]).apply(([c, k]) => secretContentType(c, k)),
          attributes: {
            enabled: true,
            expires: pulumi.output(args.endDate).apply(expiresEpochSeconds),
          },
        },
        tags,
      },
      // The provider returns `properties` (which holds the value) without marking it secret.
      { parent: this, dependsOn, additionalSecretOutputs: ["properties"], ...(provider === undefined ? {} : { provider }) },
    );

    // The URIs live inside the secret-marked `properties`; they carry no secret themselves.
    this.secretUri = pulumi.unsecret(secret.properties.apply((p) => p.secretUri));
    this.secretUriWithVersion = pulumi.unsecret(secret.properties.apply((p) => p.secretUriWithVersion));
    this.vaultName = vaultName;
    this.registerOutputs({ secretUri: this.secretUri, secretUriWithVersion: this.secretUriWithVersion, vaultName });
  }
}
