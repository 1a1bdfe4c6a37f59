// How config and the clock change what the program registers (each test is its own program run).
import { describe, expect, it } from "vitest";
import { APP_ROLE_IDS } from "./fixtures/graphServicePrincipal.ts";
import { runProgram, valueOf, type ProgramRun, type RunOptions } from "./helpers/mockProgram.ts";

const ok = { permissions: '["User.Read.All"]' };

async function succeed(options: RunOptions): Promise<ProgramRun> {
  const run = await runProgram(options);
  if (run.error !== undefined) throw run.error;
  return run;
}

const inputsOf = (run: ProgramRun, type: string) =>
  run.registrations.filter((r) => r.type === `azuread:index/${type}`).map((r) => r.inputs);

/** Inputs of every resource, by name, without ids the mocks invent per run. */
function stableInputs(run: ProgramRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of run.registrations) {
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

  it("registers identical inputs on a second run in the same rotation period", async () => {
    const first = await succeed({ config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-12-03T00:00:00Z" } });
    const second = await succeed({ config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2027-03-02T23:59:59Z" } });
    expect(stableInputs(second)).toEqual(stableInputs(first));
  });

  it("changes only the password's end date when a new rotation period starts", async () => {
    // With rotationDays 90, periods counted from the epoch start on 2026-09-04, 2026-12-03 and 2027-03-03.
    const before = await succeed({ config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-12-02T23:59:59Z" } });
    const after = await succeed({ config: ok, env: { GRAPH_WORKLOAD_IDENTITY_NOW: "2026-12-03T00:00:00Z" } });
    const a = stableInputs(before);
    const b = stableInputs(after);
    const changed = Object.keys(a).filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
    expect(changed).toEqual(["workload-identity-secret"]);
    expect(inputsOf(after, "applicationPassword:ApplicationPassword")[0]?.["endDate"]).toBe("2027-06-01T00:00:00Z");
  });

  it("replaces the secret through rotateWhenChanged when `rotate` is set", async () => {
    const run = await succeed({ config: { ...ok, rotate: "incident-42" } });
    expect(inputsOf(run, "applicationPassword:ApplicationPassword")[0]?.["rotateWhenChanged"]).toEqual({ rotate: "incident-42" });
  });

  it("uses the configured display name, with placeholders replaced", async () => {
    const run = await succeed({ config: { ...ok, displayName: "orders-sync-{stack}" } });
    expect(inputsOf(run, "application:Application")[0]?.["displayName"]).toBe("orders-sync-dev");
  });
});
