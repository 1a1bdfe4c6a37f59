// verifyOnDeploy wired into the program, observed on the wire to the mock monitor: which hook is
// registered, on which resource, waiting for what; and, calling the registered hook as the engine
// would, what it hands to verify. The checks themselves against the emulator: verify-on-deploy.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { VERIFY_HOOK_NAME } from "../../infra/verify-on-deploy.ts";
import type { StackOutputs, VerifyOptions, VerifyReport } from "../../verify/index.ts";
import { DEPLOYER, MOCK_SECRET_VALUE, mockSecretValue, runProgram, stackOutputs, type ProgramRun, type Registration } from "./helpers/mock-program.ts";

const NOW = "2026-03-01T02:00:00Z";
const config = (verifyOnDeploy?: string) => ({ permissions: '["User.Read.All","Group.Read.All"]', ...(verifyOnDeploy === undefined ? {} : { verifyOnDeploy }) });

async function succeed(verifyOnDeploy?: string): Promise<ProgramRun> {
  const run = await runProgram({ config: config(verifyOnDeploy), env: { GRAPH_WORKLOAD_IDENTITY_NOW: NOW } });
  if (run.error !== undefined) throw run.error;
  return run;
}
const stashOf = (run: ProgramRun): Registration[] => run.registrations.filter((r) => r.type === "pulumi:index:Stash");

afterEach(() => {
  vi.doUnmock("../../verify/index.ts");
});

describe("verifyOnDeploy on the wire", () => {
  it.each([
    [undefined, true],
    ["warn", true],
    ["fail", false],
  ])("%s: registers one hook (ignoreErrors %s), never in previews", async (mode, ignoreErrors) => {
    const run = await succeed(mode);
    expect(run.hookRequests).toEqual([{ name: VERIFY_HOOK_NAME, onDryRun: false, ignoreErrors }]);
  });

  it("hangs the hook, before create and before update, on a stash that waits for every password and grant", async () => {
    const run = await succeed("fail");
    const [stash, ...more] = stashOf(run);
    expect(more).toEqual([]);
    expect(stash?.name).toBe("workload-identity-verify");
    expect(stash?.parent).toContain("WorkloadIdentity::workload-identity");
    expect(stash?.hooks).toEqual({ beforeCreate: [VERIFY_HOOK_NAME], beforeUpdate: [VERIFY_HOOK_NAME], afterCreate: [], afterUpdate: [] });
    const mustExist = run.registrations.filter((r) => r.type.endsWith("ApplicationPassword") || r.type.endsWith("AppRoleAssignment"));
    expect(mustExist).toHaveLength(3);
    for (const r of mustExist) expect(stash?.dependencies.some((urn) => urn.endsWith(`::${r.name}`)), r.name).toBe(true);
    // Its input is what changes when verify has something new to check: ids, never the secret.
    expect(stash?.inputs).toEqual({ input: { resources: mustExist.map((r) => r.id) } });
    expect(run.registrations.filter((r) => r.hooks !== undefined).map((r) => r.name)).toEqual(["workload-identity-verify"]);
  });

  it("off: registers no hook and no stash", async () => {
    const run = await succeed("off");
    expect(run.hookRequests).toEqual([]);
    expect(stashOf(run)).toEqual([]);
  });

  it("never sends the secret anywhere but the password's own outputs and the secret stack output", async () => {
    const run = await succeed("fail");
    for (const r of run.registrations) expect(JSON.stringify(r.wire), r.name).not.toContain(MOCK_SECRET_VALUE);
  });
});

describe("the registered hook, called as the engine would", () => {
  const engineArgs = { urn: "urn:…::workload-identity-verify", id: "", name: "workload-identity-verify", type: "pulumi:index:Stash", newInputs: {} };

  async function withFakeVerify(report: Partial<VerifyReport>) {
    const calls: { outputs: StackOutputs; options: VerifyOptions | undefined }[] = [];
    vi.doMock("../../verify/index.ts", () => ({
      verifyWorkload: async (outputs: StackOutputs, options?: VerifyOptions) => {
        calls.push({ outputs, options });
        return { ok: true, checks: [], timings: { totalMs: 1200 }, ...report };
      },
      summarizeFailures: (r: VerifyReport) => r.checks.map((c) => `${c.name}: ${c.code}`).join("\n"),
    }));
    const run = await succeed("fail");
    const hook = run.hooks.get(VERIFY_HOOK_NAME);
    if (hook === undefined) throw new Error("no hook registered");
    return { run, hook, calls };
  }

  it("gives verify the stack outputs with the active secret, on the program's clock", async () => {
    const { run, hook, calls } = await withFakeVerify({});
    // Outside a deployment pulumi.log writes to the console.
    const console_ = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await hook.callback(engineArgs);
    const logged = console_.mock.calls.map((c) => String(c[0]));
    console_.mockRestore();
    const { nextRotationAt: _n, rotationState: _r, credentialsExpireAt: _c, ...contract } = await stackOutputs(run);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.outputs).toEqual(contract);
    expect(calls[0]?.outputs).toMatchObject({ tenantId: DEPLOYER.tenantId, clientSecret: mockSecretValue("workload-identity-secret"), permissions: ["User.Read.All", "Group.Read.All"] });
    const now = calls[0]?.options?.now?.() ?? 0;
    expect(Math.abs(now - Date.parse(NOW))).toBeLessThan(60_000);
    expect(calls[0]?.options?.deployedAt).toBeTypeOf("number");
    expect(logged).toEqual([expect.stringContaining("verify: ✓")]);
  });

  it("fails with the failed checks' codes, and the secret scrubbed even if verify leaked it", async () => {
    const leaked = mockSecretValue("workload-identity-secret");
    const { hook } = await withFakeVerify({ ok: false, checks: [{ name: "token", ok: false, status: "fail", durationMs: 5, code: `AADSTS7000215 ${leaked}` }] });
    const error = await Promise.resolve(hook.callback(engineArgs)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "ERR_VERIFY_ON_DEPLOY" });
    expect((error as Error).message).toContain("AADSTS7000215 [redacted]");
    expect((error as Error).message).not.toContain(leaked);
  });
});
