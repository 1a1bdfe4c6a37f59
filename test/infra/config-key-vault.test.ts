import { describe, expect, it } from "vitest";
import { defaultKeyVaultSecretName } from "../../infra/config-key-vault.ts";
import { parseConfig } from "../../infra/config.ts";
import { ConfigError, type ConfigProblem } from "../../infra/errors.ts";

const context = { project: "graph-workload-identity", stack: "dev" };
const VAULT_ID =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-identity/providers/Microsoft.KeyVault/vaults/kv-orders-dev";

function keyVault(value: unknown) {
  return parseConfig({ permissions: '["User.Read.All"]', keyVault: JSON.stringify(value) }, context).keyVault;
}

function problemsOf(value: unknown): { key: string; code: string }[] {
  try {
    keyVault(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p: ConfigProblem) => ({ key: p.key, code: p.code }));
  }
  throw new Error("expected a ConfigError");
}

describe("keyVault config", () => {
  it("parses an existing vault by ARM id into its parts, with the default secret name", () => {
    expect(keyVault({ vaultId: VAULT_ID })).toEqual({
      mode: "existing",
      vaultId: VAULT_ID,
      subscriptionId: "0b1f6471-1bf0-4dda-aec3-cb9272f09590",
      resourceGroupName: "rg-identity",
      vaultName: "kv-orders-dev",
      secretName: "graph-workload-identity-dev-client-secret",
    });
  });

  it("parses a vault the stack creates, leaving unset name and location undefined", () => {
    expect(keyVault({ create: { resourceGroupName: "rg-identity" }, secretName: "orders-secret" })).toEqual({
      mode: "create",
      resourceGroupName: "rg-identity",
      vaultName: undefined,
      location: undefined,
      secretName: "orders-secret",
    });
  });

  it("keeps name and location of a vault to create", () => {
    expect(keyVault({ create: { resourceGroupName: "rg", name: "kv-orders-dev", location: "westeurope" } })).toMatchObject({
      vaultName: "kv-orders-dev",
      location: "westeurope",
    });
  });

  it.each([[{}], [null]])("treats %j as no Key Vault", (value) => {
    expect(keyVault(value)).toBeUndefined();
  });

  it.each<[string, unknown, { key: string; code: string }]>([
    ["a list", ["kv"], { key: "keyVault", code: "WRONG_TYPE" }],
    ["a bare vault name", "kv-orders-dev", { key: "keyVault", code: "WRONG_TYPE" }],
    ["neither vaultId nor create", { secretName: "s" }, { key: "keyVault.vaultId", code: "REQUIRED" }],
    ["both vaultId and create", { vaultId: VAULT_ID, create: { resourceGroupName: "rg" } }, { key: "keyVault", code: "CONFLICT" }],
    ["an unknown key", { vaultId: VAULT_ID, secret: "x" }, { key: "keyVault.secret", code: "UNKNOWN_KEY" }],
    ["a vault name instead of an id", { vaultId: "kv-orders-dev" }, { key: "keyVault.vaultId", code: "INVALID_VALUE" }],
    ["an id of another resource type", { vaultId: VAULT_ID.replace("Microsoft.KeyVault/vaults", "Microsoft.Storage/storageAccounts") }, { key: "keyVault.vaultId", code: "INVALID_VALUE" }],
    ["an empty vaultId", { vaultId: "" }, { key: "keyVault.vaultId", code: "EMPTY" }],
    ["a numeric vaultId", { vaultId: 7 }, { key: "keyVault.vaultId", code: "WRONG_TYPE" }],
    ["create as a string", { create: "rg" }, { key: "keyVault.create", code: "WRONG_TYPE" }],
    ["create without a resource group", { create: { location: "westeurope" } }, { key: "keyVault.create.resourceGroupName", code: "REQUIRED" }],
    ["a resource group ending in a period", { create: { resourceGroupName: "rg." } }, { key: "keyVault.create.resourceGroupName", code: "INVALID_VALUE" }],
    ["a vault name too short", { create: { resourceGroupName: "rg", name: "kv" } }, { key: "keyVault.create.name", code: "INVALID_VALUE" }],
    ["a vault name with '--'", { create: { resourceGroupName: "rg", name: "kv--orders" } }, { key: "keyVault.create.name", code: "INVALID_VALUE" }],
    ["a vault name starting with a digit", { create: { resourceGroupName: "rg", name: "1kv-orders" } }, { key: "keyVault.create.name", code: "INVALID_VALUE" }],
    ["a vault name over 24 characters", { create: { resourceGroupName: "rg", name: "k".repeat(25) } }, { key: "keyVault.create.name", code: "INVALID_VALUE" }],
    ["a location display name", { create: { resourceGroupName: "rg", location: "West Europe" } }, { key: "keyVault.create.location", code: "INVALID_VALUE" }],
    ["an unknown key under create", { create: { resourceGroupName: "rg", region: "westeurope" } }, { key: "keyVault.create.region", code: "UNKNOWN_KEY" }],
    ["a secret name with dots", { vaultId: VAULT_ID, secretName: "orders.secret" }, { key: "keyVault.secretName", code: "INVALID_VALUE" }],
  ])("reports %s", (_label, value, expected) => {
    expect(problemsOf(value)).toContainEqual(expected);
  });

  it("reports broken JSON", () => {
    expect(() => parseConfig({ permissions: '["User.Read.All"]', keyVault: "{vaultId:" }, context)).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ key: "keyVault", code: "INVALID_JSON" })] }),
    );
  });

  it("derives a default secret name that Key Vault accepts from any project and stack", () => {
    expect(defaultKeyVaultSecretName("my_project", "prod.eu--1")).toBe("my-project-prod-eu-1-client-secret");
    expect(defaultKeyVaultSecretName("p", "s".repeat(200))).toMatch(/^[0-9a-zA-Z-]{1,127}$/);
  });
});
