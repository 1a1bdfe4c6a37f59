// How config and the clock change what the program registers (each test is its own program run).
import { describe, expect, it } from "vitest";
import { APP_ROLE_IDS } from "./fixtures/graph-service-principal.ts";
import { runProgram, stackOutputs, valueOf, type ProgramRun, type RunOptions } from "./helpers/mock-program.ts";

const ok = { permissions: '["User.Read.All"]' };

async function succeed(options: RunOptions): Promise<ProgramRun> {
  const run = await runProgram(options);
  if (run.error !== undefined) throw run.error;
  return run;
}

const inputsOf = (run: ProgramRun, type: string) =>
  run.registrations.filter((r) => r.type === `azuread:index/${type}`).map((r) => r.inputs);

/**
 * Inputs of every resource, by name, without ids the mocks invent per run (and so without the
 * verify step, whose input is the ids of what it checks: real ids stay the same across runs).
 */
function stableInputs(run: ProgramRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of run.registrations) {
    if (r.type === "pulumi:index:Stash") continue;
    const { applicationId: _a, clientId: _c, principalObjectId: _p, ...rest } = r.inputs;
    out[r.name] = rest;
  }
  return out;
}

describe("program variants", () => {
  it("deploys a privileged permission once allowPrivileged accepts it", async () => {
    const run = await succeed({ config: { permissions: '["Application.ReadWrite.All"]', allowPrivileged: '["Application.ReadWrite.All"]' } });
    expect(inputsOf(run, "appRoleAssignment:AppRoleAssignment").map((i) => i["appRoleId"])).toEqual([APP_ROLE_IDS["Application.ReadWrite.All"]]);
  });

  it("uses configured owners instead of the deployer, for app and service principal", async () => {
    const owners = ["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-aaaaaaaaaaaa"];
    const run = await succeed({ config: { ...ok, owners: JSON.stringify(owners) } });
    expect(inputsOf(run, "application:Application")[0]?.["owners"]).toEqual(owners);
    expect(inputsOf(run, "servicePrincipal:ServicePrincipal")[0]?.["owners"]).toEqual(owners);
  });

  it.each([
    [{ providerConfig: { "azuread:environment": "china" } }, "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
    [{ providerConfig: { "azuread:environment": "usgovernment" } }, "https://login.microsoftonline.us", "https://graph.microsoft.us"],
    [{ env: { ARM_ENVIRONMENT: "dod" } }, "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
  ])("follows the azuread environment %j for authority, Graph and scope", async (extra, authorityHost, graphEndpoint) => {
    const run = await succeed({ config: ok, ...extra });
    expect(await valueOf(run.exports?.["authorityHost"])).toBe(authorityHost);
    expect(await valueOf(run.exports?.["graphEndpoint"])).toBe(graphEndpoint);
    expect(await valueOf(run.exports?.["scope"])).toBe(`${graphEndpoint}/.default`);
  });

  it("registers identical inputs on a second run that reads back the first run's outputs", async () => {
    const first = await succeed({ config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-12-03T00:00:00Z" } });
    const previousOutputs = await stackOutputs(first);
    const second = await succeed({ config: ok, previousOutputs, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2027-03-02T23:59:59Z" } });
    expect(stableInputs(second)).toEqual(stableInputs(first));
  });

  it.each([
    ["1", 16],
    ["30", 74],
    ["358", 730],
  ])("derives the lifetime of a secret from rotationDays %s: %i days", async (rotationDays, days) => {
    const run = await succeed({ config: { ...ok, rotationDays }, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-12-03T00:00:00Z" } });
    const endDate = inputsOf(run, "applicationPassword:ApplicationPassword")[0]?.["endDate"];
    expect(Date.parse(String(endDate)) - Date.parse("2026-12-03T00:00:00Z")).toBe(days * 86_400_000);
  });

  it("uses the configured display name, with placeholders replaced", async () => {
    const run = await succeed({ config: { ...ok, displayName: "orders-sync-{stack}" } });
    expect(inputsOf(run, "application:Application")[0]?.["displayName"]).toBe("orders-sync-dev");
  });
});
