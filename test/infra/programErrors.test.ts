// Every bad input stops the program before the first resource is registered.
import { describe, expect, it } from "vitest";
import { runProgram, type RunOptions } from "./helpers/mockProgram.ts";

const ok = { permissions: '["User.Read.All"]' };
const VAULT_ID = "/subscriptions/6f1d2a4e-0000-4000-8000-000000000042/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-shared";

describe("a program run with bad input", () => {
  it.each<[string, RunOptions, { key: string; code: string }, boolean]>([
    // [label, run options, expected problem, whether the tenant was read before failing]
    ["no permissions", { config: {} }, { key: "permissions", code: "REQUIRED" }, false],
    ["an empty permission list", { config: { permissions: "[]" } }, { key: "permissions", code: "EMPTY" }, false],
    ["duplicate permissions", { config: { permissions: '["User.Read.All","USER.READ.ALL"]' } }, { key: "permissions[1]", code: "DUPLICATE" }, false],
    ["an owner that is not an object id", { config: { ...ok, owners: '["alice"]' } }, { key: "owners[0]", code: "NOT_OBJECT_ID" }, false],
    ["an overlong display name", { config: { ...ok, displayName: "x".repeat(300) } }, { key: "displayName", code: "TOO_LONG" }, false],
    ["a typo in a key", { config: { ...ok, allowPrivilege: "[]" } }, { key: "allowPrivilege", code: "UNKNOWN_KEY" }, false],
    ["a lifetime under two periods", { config: { ...ok, secretLifetimeDays: "100" } }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }, false],
    ["a lifetime of two periods without the grace", { config: { ...ok, rotationDays: "30", secretLifetimeDays: "60" } }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }, false],
    ["rotationDays of zero", { config: { ...ok, rotationDays: "0" } }, { key: "rotationDays", code: "OUT_OF_RANGE" }, false],
    ["rotationDays too long for a 730-day secret", { config: { ...ok, rotationDays: "359" } }, { key: "rotationDays", code: "OUT_OF_RANGE" }, false],
    ["rotationDays that is not a number", { config: { ...ok, rotationDays: "quarterly" } }, { key: "rotationDays", code: "NOT_INTEGER" }, false],
    ["a malformed keyVault", { config: { ...ok, keyVault: '{"vaultId":"kv"}' } }, { key: "keyVault.vaultId", code: "INVALID_VALUE" }, false],
    ["a keyVault that is a list", { config: { ...ok, keyVault: '["kv"]' } }, { key: "keyVault", code: "WRONG_TYPE" }, false],
    ["a keyVault with both vaultId and create", { config: { ...ok, keyVault: JSON.stringify({ vaultId: VAULT_ID, create: { resourceGroupName: "rg" } }) } }, { key: "keyVault", code: "CONFLICT" }, false],
    ["a keyVault.create without a resource group", { config: { ...ok, keyVault: '{"create":{"name":"kv-orders"}}' } }, { key: "keyVault.create.resourceGroupName", code: "REQUIRED" }, false],
    ["an unknown cloud", { config: ok, providerConfig: { "azuread:environment": "mars" } }, { key: "azuread:environment", code: "INVALID_VALUE" }, false],
    ["a malformed clock override", { config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "yesterday" } }, { key: "GRAPH_WORKLOAD_IDENTITY_NOW", code: "INVALID_VALUE" }, false],
    ["an unknown permission", { config: { permissions: '["User.Read.All","User.Reed.All"]' } }, { key: "permissions[1]", code: "PERMISSION_UNKNOWN" }, true],
    ["a delegated-only permission", { config: { permissions: '["User.Read"]' } }, { key: "permissions[0]", code: "PERMISSION_DELEGATED_ONLY" }, true],
    ["a privileged permission not in allowPrivileged", { config: { permissions: '["Directory.ReadWrite.All"]' } }, { key: "permissions[0]", code: "PERMISSION_PRIVILEGED" }, true],
  ])("with %s registers no resource and fails with the problem", async (_label, options, expected, readTenant) => {
    const run = await runProgram(options);
    expect(run.registrations).toEqual([]);
    expect(run.error).toMatchObject({ code: "ERR_WORKLOAD_CONFIG" });
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => ({ key: p.key, code: p.code }))).toContainEqual(expected);
    // Config problems are caught before the tenant is even read.
    expect(run.invokes.length > 0).toBe(readTenant);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a malformed rotationState", { rotationState: { version: 7 }, nextRotationAt: "2026-06-01T00:00:00Z" }, "MALFORMED"],
    ["a lost rotationState (nextRotationAt without it)", { nextRotationAt: "2026-06-01T00:00:00Z", clientSecretExpiresAt: "2026-09-01T00:00:00Z" }, "MISSING"],
    ["a foundation expiry that is not a date", { clientSecretExpiresAt: "soon" }, "MALFORMED"],
  ])("with %s read back from the last update registers no resource and refuses to plan", async (_label, previousOutputs, reason) => {
    const run = await runProgram({ config: ok, previousOutputs });
    expect(run.registrations).toEqual([]);
    expect(run.error).toMatchObject({ code: "ERR_ROTATION_STATE", reason, __pulumiRunError: true });
    expect((run.error as Error).message).toContain("pulumi stack export");
  });

  it("is reported without a stack trace by Pulumi (a RunError)", async () => {
    const run = await runProgram({ config: {} });
    expect((run.error as Record<string, unknown>)["__pulumiRunError"]).toBe(true);
  });
});
