// The verify-on-deploy hook's callback, called as the engine would call it (hooks never run under
// Pulumi's mocks), against the emulator over real loopback sockets. Registration on the wire:
// program-verify-hook.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { verifyHookCallback, VerifyOnDeployError, type HookMode } from "../../infra/verify-on-deploy.ts";
import type { StackOutputs } from "../../verify/index.ts";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => emu.close());

function outputsFor(w: WorkloadCredentials, overrides: Partial<StackOutputs> = {}): StackOutputs {
  return {
    tenantId: w.tenantId,
    clientId: w.clientId,
    applicationObjectId: w.applicationObjectId,
    servicePrincipalObjectId: w.servicePrincipalObjectId,
    clientSecret: w.clientSecret,
    clientSecretKeyId: w.secretKeyId,
    clientSecretExpiresAt: w.secretExpiresAt,
    permissions: ["User.Read.All"],
    authorityHost: emu.authorityHost,
    graphEndpoint: emu.graphEndpoint,
    scope: `${emu.graphEndpoint}/.default`,
    ...overrides,
  };
}

/** What the engine passes to a beforeCreate hook of the verify stash (the callback does not need it). */
const engineArgs = {
  urn: "urn:pulumi:dev::graph-workload-identity::graph-workload-identity:index:WorkloadIdentity$pulumi:index:Stash::workload-identity-verify",
  id: "",
  name: "workload-identity-verify",
  type: "pulumi:index:Stash",
  newInputs: { input: { resources: ["/applications/a/password/k", "/servicePrincipals/g/appRoleAssignedTo/r"] } },
};

function hookFor(mode: HookMode, outputs: StackOutputs) {
  const lines: { level: "info" | "warn" | "progress"; message: string }[] = [];
  const callback = verifyHookCallback({
    mode,
    target: async () => outputs,
    log: {
      info: (message) => lines.push({ level: "info", message }),
      warn: (message) => lines.push({ level: "warn", message }),
      progress: (message) => lines.push({ level: "progress", message }),
    },
    now: () => emu.control.now(),
    stack: "dev",
    // A wrong secret is indistinguishable from one still replicating: no waiting window in tests.
    verifyOptions: { replicationWindowMs: 0, timeoutMs: 20_000 },
  });
  return { callback, lines };
}

async function thrown(p: Promise<unknown> | unknown): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the hook to throw");
}

describe("the verify-on-deploy hook", () => {
  it("passes a working identity in fail mode: no throw, one info line naming the client", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-pass", permissions: ["User.Read.All"] });
    const { callback, lines } = hookFor("fail", outputsFor(w));
    await callback(engineArgs);
    expect(lines.filter((l) => l.level !== "progress")).toEqual([{ level: "info", message: expect.stringContaining(`client ${w.clientId} in tenant ${w.tenantId}`) }]);
    expect(JSON.stringify(lines)).not.toContain(w.clientSecret);
  });

  it("fails `pulumi up` in fail mode on a wrong secret, with the AADSTS code and the fix, never the secret", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-wrong-secret", permissions: ["User.Read.All"] });
    const wrong = `${w.clientSecret.slice(0, -4)}Xy9~`;
    const { callback, lines } = hookFor("fail", outputsFor(w, { clientSecret: wrong }));
    const error = await thrown(callback(engineArgs));
    expect(error).toBeInstanceOf(VerifyOnDeployError);
    expect(error).toMatchObject({ code: "ERR_VERIFY_ON_DEPLOY", failures: expect.arrayContaining([{ name: "token", code: "AADSTS7000215" }]) });
    const message = (error as Error).message;
    expect(message).toContain("AADSTS7000215");
    expect(message).toContain(`client ${w.clientId}`);
    expect(message).toMatch(/Fix: /);
    expect(message).toContain("npm run verify -- --stack dev");
    for (const secret of [wrong, w.clientSecret]) expect(`${message}${JSON.stringify(lines)}`).not.toContain(secret);
  });

  it("only warns in warn mode, with the same explanation, and lets the deploy go on", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-warn", permissions: ["User.Read.All"] });
    const wrong = `${w.clientSecret.slice(0, -4)}Xy9~`;
    const { callback, lines } = hookFor("warn", outputsFor(w, { clientSecret: wrong }));
    await expect(callback(engineArgs)).resolves.toBeUndefined();
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain("AADSTS7000215");
    expect(JSON.stringify(lines)).not.toContain(wrong);
  });

  it("fails on a missing role in fail mode, naming the permission", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-missing-role", permissions: ["User.Read.All"] });
    const { callback } = hookFor("fail", outputsFor(w, { permissions: ["User.Read.All", "Group.Read.All"] }));
    const error = await thrown(callback(engineArgs));
    expect((error as VerifyOnDeployError).failures.map((f) => f.name)).toContain("roles");
    expect((error as Error).message).toContain("Group.Read.All");
  });

  it("warns about a secret that expires soon, and still passes", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-expiring", permissions: ["User.Read.All"], secretLifetimeDays: 10 });
    const { callback, lines } = hookFor("fail", outputsFor(w));
    await callback(engineArgs);
    expect(lines.filter((l) => l.level === "warn")).toEqual([{ level: "warn", message: expect.stringMatching(/^verify: secret-expiry: /) }]);
    expect(lines.some((l) => l.level === "info" && l.message.includes("✓"))).toBe(true);
  });

  it("turns outputs verify cannot use into the same kind of failure, without the secret", async () => {
    const w = emu.control.createWorkload({ displayName: "hook-bad-input", permissions: ["User.Read.All"] });
    const { callback } = hookFor("fail", outputsFor(w, { authorityHost: "http://login.example.com" }));
    const error = await thrown(callback(engineArgs));
    expect(error).toMatchObject({ code: "ERR_VERIFY_ON_DEPLOY", failures: [{ name: "inputs", code: "ERR_VERIFY_INPUT" }] });
    expect((error as Error).message).not.toContain(w.clientSecret);
  });
});
