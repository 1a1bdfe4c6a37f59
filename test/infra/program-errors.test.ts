// Every bad input stops the program before the first resource is registered.
import { describe, expect, it } from "vitest";
import { runProgram, type RunOptions } from "./helpers/mock-program.ts";

const ok = { permissions: '["User.Read.All"]' };
const VAULT_ID = "/subscriptions/6f1d2a4e-0000-4000-8000-000000000042/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-shared";

const GRAPH_SP = "azuread:index/getServicePrincipal:getServicePrincipal";
const CLIENT_CONFIG = "azuread:index/getClientConfig:getClientConfig";
/** What a run read from the tenant before it failed. */
type Reads = "nothing" | "graph names" | "all";

describe("a program run with bad input", () => {
  it.each<[string, RunOptions, { key: string; code: string }, Reads]>([
    // [label, run options, expected problem, what was read from the tenant before failing: nothing,
    //  only the Graph service principal to check the permission names too, or everything]
    ["no permissions", { config: {} }, { key: "permissions", code: "REQUIRED" }, "nothing"],
    ["an empty permission list", { config: { permissions: "[]" } }, { key: "permissions", code: "EMPTY" }, "nothing"],
    ["duplicate permissions", { config: { permissions: '["User.Read.All","USER.READ.ALL"]' } }, { key: "permissions[1]", code: "DUPLICATE" }, "graph names"],
    ["an owner that is not an object id", { config: { ...ok, owners: '["alice"]' } }, { key: "owners[0]", code: "NOT_OBJECT_ID" }, "graph names"],
    ["an overlong display name", { config: { ...ok, displayName: "x".repeat(300) } }, { key: "displayName", code: "TOO_LONG" }, "graph names"],
    ["a typo in a key", { config: { ...ok, allowPrivilege: "[]" } }, { key: "allowPrivilege", code: "UNKNOWN_KEY" }, "graph names"],
    ["a lifetime under two periods", { config: { ...ok, secretLifetimeDays: "100" } }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }, "graph names"],
    ["a lifetime of two periods without the grace", { config: { ...ok, rotationDays: "30", secretLifetimeDays: "60" } }, { key: "secretLifetimeDays", code: "LIFETIME_TOO_SHORT" }, "graph names"],
    ["rotationDays of zero", { config: { ...ok, rotationDays: "0" } }, { key: "rotationDays", code: "OUT_OF_RANGE" }, "graph names"],
    ["rotationDays too long for a 730-day secret", { config: { ...ok, rotationDays: "359" } }, { key: "rotationDays", code: "OUT_OF_RANGE" }, "graph names"],
    ["rotationDays that is not a number", { config: { ...ok, rotationDays: "quarterly" } }, { key: "rotationDays", code: "NOT_INTEGER" }, "graph names"],
    ["a malformed keyVault", { config: { ...ok, keyVault: '{"vaultId":"kv"}' } }, { key: "keyVault.vaultId", code: "INVALID_VALUE" }, "graph names"],
    ["a keyVault that is a list", { config: { ...ok, keyVault: '["kv"]' } }, { key: "keyVault", code: "WRONG_TYPE" }, "graph names"],
    ["a keyVault with both vaultId and create", { config: { ...ok, keyVault: JSON.stringify({ vaultId: VAULT_ID, create: { resourceGroupName: "rg" } }) } }, { key: "keyVault", code: "CONFLICT" }, "graph names"],
    ["a keyVault.create without a resource group", { config: { ...ok, keyVault: '{"create":{"name":"kv-orders"}}' } }, { key: "keyVault.create.resourceGroupName", code: "REQUIRED" }, "graph names"],
    ["an unknown cloud", { config: ok, providerConfig: { "azuread:environment": "mars" } }, { key: "azuread:environment", code: "INVALID_VALUE" }, "nothing"],
    ["a malformed clock override", { config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "yesterday" } }, { key: "GRAPH_WORKLOAD_IDENTITY_NOW", code: "INVALID_VALUE" }, "graph names"],
    ["an unknown permission", { config: { permissions: '["User.Read.All","User.Reed.All"]' } }, { key: "permissions[1]", code: "PERMISSION_UNKNOWN" }, "all"],
    ["a delegated-only permission", { config: { permissions: '["User.Read"]' } }, { key: "permissions[0]", code: "PERMISSION_DELEGATED_ONLY" }, "all"],
    ["a privileged permission not in allowPrivileged", { config: { permissions: '["Directory.ReadWrite.All"]' } }, { key: "permissions[0]", code: "PERMISSION_PRIVILEGED" }, "all"],
  ])("with %s registers no resource and fails with the problem", async (_label, options, expected, reads) => {
    const run = await runProgram(options);
    expect(run.registrations).toEqual([]);
    expect(run.error).toMatchObject({ code: "ERR_WORKLOAD_CONFIG" });
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => ({ key: p.key, code: p.code }))).toContainEqual(expected);
    // With config problems only the Graph service principal is read (to check the names as well);
    // who deploys and what the last update left are read only for a config without problems.
    const tokens = run.invokes.map((i) => i.token).sort();
    expect(tokens).toEqual(reads === "nothing" ? [] : reads === "graph names" ? [GRAPH_SP] : [CLIENT_CONFIG, GRAPH_SP].sort());
    if (reads !== "all") expect(run.reads).toEqual([]);
  });

  it("reports 3 config mistakes and 2 permission-name typos in one error, each once", async () => {
    const run = await runProgram({
      config: { permissions: '["User.Reed.All","Group.Raed.All","Mail.Send"]', owners: '["alice"]', rotationDays: "0", verifyOnDeploy: "sometimes" },
    });
    expect(run.registrations).toEqual([]);
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => [p.key, p.code])).toEqual([
      ["owners[0]", "NOT_OBJECT_ID"],
      ["rotationDays", "OUT_OF_RANGE"],
      ["verifyOnDeploy", "INVALID_VALUE"],
      ["permissions[0]", "PERMISSION_UNKNOWN"],
      ["permissions[1]", "PERMISSION_UNKNOWN"],
    ]);
  });

  it("logs the whole report once, and throws an error that points at it (Pulumi prints a thrown error twice inline)", async () => {
    const run = await runProgram({ config: { permissions: '["User.Reed.All"]', rotationDays: "0" } });
    const logged = run.logs.filter((l) => l.level === "error");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toContain("The stack configuration has 2 problems; nothing was deployed.");
    expect(logged[0]!.message).toContain('permissions[0] = "User.Reed.All": is not an application permission of Microsoft Graph in this tenant. Fix: did you mean User.Read.All?');
    expect((run.error as Error).message).toBe("Nothing was deployed: fix the 2 configuration problems listed above, then run `pulumi up` again.");
    expect((run.error as Error).message).not.toContain("User.Reed.All");
  });

  it.each<[string, Record<string, string>, { key: string; code: string }]>([
    ["a typo in allowPrivileged", { permissions: '["User.Read.All"]', allowPrivileged: '["Application.ReadWrite.Al"]' }, { key: "allowPrivileged[0]", code: "PERMISSION_UNKNOWN" }],
    ["a delegated-only name in allowPrivileged", { permissions: '["User.Read.All"]', allowPrivileged: '["User.Read"]' }, { key: "allowPrivileged[0]", code: "PERMISSION_DELEGATED_ONLY" }],
    ["a typo in allowPrivileged beside another config mistake", { permissions: '["User.Read.All"]', allowPrivileged: '["Directory.ReadWrite.Al"]', rotationDays: "0" }, { key: "allowPrivileged[0]", code: "PERMISSION_UNKNOWN" }],
  ])("with %s names the entry and registers nothing", async (_label, config, expected) => {
    const run = await runProgram({ config });
    expect(run.registrations).toEqual([]);
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => ({ key: p.key, code: p.code }))).toContainEqual(expected);
  });

  it("names the position as written when an earlier entry was dropped as a duplicate", async () => {
    const run = await runProgram({ config: { permissions: '["User.Read.All","USER.READ.ALL","User.Reed.All"]' } });
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => [p.key, p.code])).toEqual([
      ["permissions[1]", "DUPLICATE"],
      ["permissions[2]", "PERMISSION_UNKNOWN"],
    ]);
  });

  it("does not look up an entry that already has a problem of its own", async () => {
    const run = await runProgram({ config: { permissions: '["User.Read.All, Group.Read.All"]' } });
    const problems = (run.error as { problems: { key: string; code: string }[] }).problems;
    expect(problems.map((p) => [p.key, p.code])).toEqual([["permissions[0]", "INVALID_VALUE"]]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a malformed rotationState", { rotationState: { version: 7 }, nextRotationAt: "2026-06-01T00:00:00Z" }, "MALFORMED"],
    ["a lost rotationState (nextRotationAt without it)", { nextRotationAt: "2026-06-01T00:00:00Z", clientSecretExpiresAt: "2026-09-01T00:00:00Z" }, "MISSING"],
    ["a single secret's expiry that is not a date", { clientSecretExpiresAt: "soon" }, "MALFORMED"],
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
