// The optional Key Vault copy of the active secret, wired into the program (the component itself is
// tested in key-vault.test.ts): present exactly when `keyVault` is set, fed with the active slot.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DEPLOYER, isWireSecret, mockSecretValue, runProgram, stackOutputs, type ProgramRun, type Registration, type RunOptions } from "./helpers/mock-program.ts";

const SUB = "6f1d2a4e-0000-4000-8000-000000000042";
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-shared`;
const NOW = "2026-03-01T02:00:00Z";
const ok = { permissions: '["User.Read.All"]' };

async function succeed(options: Partial<RunOptions> & { config?: Record<string, string> }): Promise<ProgramRun> {
  const run = await runProgram({ env: { GRAPH_WORKLOAD_IDENTITY_NOW: NOW }, ...options, config: { ...ok, ...options.config } });
  if (run.error !== undefined) throw run.error;
  return run;
}

const ofType = (run: ProgramRun, type: string): Registration[] => run.registrations.filter((r) => r.type === type);
function one(run: ProgramRun, type: string): Registration {
  const found = ofType(run, type);
  expect(found, type).toHaveLength(1);
  return found[0] as Registration;
}
const azureNative = (run: ProgramRun) => run.registrations.filter((r) => r.type.startsWith("azure-native:") || r.type === "pulumi:providers:azure-native");
const loadedAzureNative = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.replaceAll("\\", "/").includes("@pulumi/azure-native/"));

describe("without keyVault", () => {
  it("registers no azure-native resource, does not even load azure-native, and outputs no URI", async () => {
    const run = await succeed({});
    expect(azureNative(run)).toEqual([]);
    expect(ofType(run, "graph-workload-identity:index:KeyVaultClientSecret")).toEqual([]);
    expect(loadedAzureNative()).toBe(false);
    expect(await stackOutputs(run)).not.toHaveProperty("keyVaultSecretUri");
  });
});

describe("with an existing vault", () => {
  it("writes the active secret, with its end date and key id, as a secret under the workload identity", async () => {
    const run = await succeed({ config: { keyVault: JSON.stringify({ vaultId: VAULT_ID }) } });
    const component = one(run, "graph-workload-identity:index:KeyVaultClientSecret");
    expect([component.name, component.parent]).toEqual(["kv", expect.stringContaining("WorkloadIdentity::workload-identity")]);
    const secret = one(run, "azure-native:keyvault:Secret");
    const password = one(run, "azuread:index/applicationPassword:ApplicationPassword");
    expect(secret.inputs).toMatchObject({ resourceGroupName: "rg-sec", vaultName: "kv-shared", secretName: "graph-workload-identity-dev-client-secret" });
    const props = secret.wire["properties"] as Record<string, unknown>;
    expect(isWireSecret(props["value"])).toBe(true);
    expect((props["value"] as Record<string, unknown>)["value"]).toBe(mockSecretValue("workload-identity-secret"));
    expect(props["attributes"]).toEqual({ enabled: true, expires: Date.parse(String(password.inputs["endDate"])) / 1000 });
    expect(props["contentType"]).toBe(`client-secret; app=${String(one(run, "azuread:index/application:Application").state["clientId"])}; keyId=${String(password.state["keyId"])}`);
    expect(secret.additionalSecretOutputs).toContain("properties");
  });

  it("writes through a provider pinned to the vault's subscription, signing in with the stack's azure-native settings", async () => {
    const run = await succeed({
      config: { keyVault: JSON.stringify({ vaultId: VAULT_ID }) },
      providerConfig: { "azure-native:subscriptionId": "00000000-1111-4222-8333-444444444444", "azure-native:useOidc": "true", "azure-native:clientId": "abc" },
    });
    const provider = one(run, "pulumi:providers:azure-native");
    // The vault's subscription wins over the stack's; booleans travel JSON-encoded, as the SDK sends them.
    expect(provider.wire).toMatchObject({ subscriptionId: SUB, useOidc: "true" });
    expect(isWireSecret(provider.wire["clientId"])).toBe(true);
    expect((provider.wire["clientId"] as Record<string, unknown>)["value"]).toBe("abc");
    expect(one(run, "azure-native:keyvault:Secret").provider).toMatch(/::kv-provider::/);
  });

  it("outputs the versionless URI, not as a secret", async () => {
    const run = await succeed({ config: { keyVault: JSON.stringify({ vaultId: VAULT_ID, secretName: "orders" }) } });
    expect((await stackOutputs(run))["keyVaultSecretUri"]).toBe("https://kv-shared.vault.azure.net/secrets/orders");
    const { isSecret } = await import("@pulumi/pulumi");
    expect(await isSecret(run.exports?.["keyVaultSecretUri"] as never)).toBe(false);
  });

  it("after a rotation writes the new active secret under the same name (a new version)", async () => {
    const config = { keyVault: JSON.stringify({ vaultId: VAULT_ID }) };
    const first = await succeed({ config });
    const rotated = await succeed({ config, previousOutputs: await stackOutputs(first), env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-06-01T00:00:00Z" } });
    const [before, after] = [one(first, "azure-native:keyvault:Secret"), one(rotated, "azure-native:keyvault:Secret")];
    expect(after.inputs["secretName"]).toBe(before.inputs["secretName"]);
    const value = ((after.wire["properties"] as Record<string, unknown>)["value"] as Record<string, unknown>)["value"];
    expect(value).toBe(mockSecretValue("workload-identity-secret-1"));
    expect(((after.wire["properties"] as Record<string, unknown>)["attributes"] as Record<string, unknown>)["expires"]).toBe(
      Date.parse(String((await stackOutputs(rotated))["clientSecretExpiresAt"])) / 1000,
    );
  });
});

describe("with a vault the stack creates", () => {
  it("creates an RBAC vault in the deployer's tenant with the default provider, and writes the secret into it", async () => {
    const run = await succeed({ config: { keyVault: JSON.stringify({ create: { resourceGroupName: "rg-app", location: "westeurope" } }) } });
    const vault = one(run, "azure-native:keyvault:Vault");
    expect(vault.inputs).toMatchObject({ resourceGroupName: "rg-app", location: "westeurope", properties: { tenantId: DEPLOYER.tenantId, enableRbacAuthorization: true } });
    expect(ofType(run, "pulumi:providers:azure-native")).toEqual([]);
    expect(one(run, "azure-native:keyvault:Secret").dependencies.some((urn) => urn.endsWith("::kv-vault"))).toBe(true);
  });
});
