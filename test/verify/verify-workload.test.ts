// verifyWorkload against the emulator over real sockets (HTTPS with the emulator's CA): the pass
// path and every failure a person must be able to fix from the report alone.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyWorkload, VerifyInputError, type CheckResult, type VerifyReport } from "../../verify/index.ts";
import { LONG_AGO, outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await startFixture({ https: true });
});
afterAll(async () => fx.close());
afterEach(() => fx.guard.check());

const check = (report: VerifyReport, name: string): CheckResult => {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name} in ${report.checks.map((c) => c.name).join(", ")}`);
  return found;
};

async function run(...args: Parameters<typeof verifyWorkload>): Promise<VerifyReport> {
  const report = await verifyWorkload(args[0], { dispatcher: fx.dispatcher, ...args[1] });
  fx.guard.output("report", report);
  return report;
}

describe("verifyWorkload", () => {
  it("passes a fresh workload: token, claims, roles, one probe per safe read, and says which permissions only the roles claim covers", async () => {
    const w = fx.workload(["User.Read.All", "Group.Read.All", "Mail.Send"]);
    fx.emu.control.clearRequests();
    const report = await run(outputsFor(fx.emu, w), { now: () => fx.emu.control.now() });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["credential", "pass"],
      ["secret-expiry", "pass"],
      ["token", "pass"],
      ["claims", "pass"],
      ["roles", "pass"],
      ["probe GET /v1.0/users?$top=1&$select=id", "pass"],
      ["probe GET /v1.0/groups?$top=1&$select=id", "pass"],
      ["probe Mail.Send", "skip"],
    ]);
    expect(check(report, "probe Mail.Send").code).toBe("SKIP_NO_SAFE_READ");
    expect(check(report, "probe GET /v1.0/users?$top=1&$select=id").correlation?.clientRequestId).toBeTruthy();
    expect(report.timings).toMatchObject({ tokenRequests: 1, graphRequests: 2, waitedMs: 0 });
    expect(fx.guard.secretCount).toBeGreaterThanOrEqual(2); // the secret and the token seen on the wire
    // One request per step, nothing retried (pacing is tested in pacing.test.ts).
    expect(fx.emu.control.requests().map((r) => r.route)).toEqual(["token", "graph", "graph"]);
  });

  it("runs extra --probe reads and reports Graph 403 Authorization_RequestDenied with its request-id, without retrying after the window", async () => {
    const w = fx.workload(["User.Read.All"]);
    fx.emu.control.clearRequests();
    const report = await run(outputsFor(fx.emu, w), { probes: ["GET /v1.0/groups?$top=1"], deployedAt: LONG_AGO });
    const probe = check(report, "probe GET /v1.0/groups?$top=1");
    expect(report.ok).toBe(false);
    expect(probe).toMatchObject({ status: "fail", code: "Authorization_RequestDenied" });
    expect(probe.explanation).toMatch(/lacks the application permission/);
    expect(probe.fix).toMatch(/permissions/);
    expect(probe.correlation?.requestId).toBeTruthy();
    expect(fx.emu.control.requests().filter((r) => r.route === "graph" && r.path === "/v1.0/groups")).toHaveLength(1);
  });

  it.each([
    ["a wrong secret", (s: string) => `${s.slice(0, -4)}XXXX`, "AADSTS7000215", /secret's ID was pasted|value/],
    ["a secret with a character missing", (s: string) => s.slice(0, -1), "AADSTS7000215", /cut short/],
  ])("fails %s with %s once the replication window is over, after a single request", async (_what, mangle, code, explanation) => {
    const w = fx.workload(["User.Read.All"]);
    const outputs = { ...outputsFor(fx.emu, w), clientSecret: mangle(w.clientSecret) };
    fx.guard.secret(outputs.clientSecret);
    const report = await run(outputs, { deployedAt: LONG_AGO });
    const token = check(report, "token");
    expect(token).toMatchObject({ status: "fail", code });
    expect(token.explanation).toMatch(explanation);
    expect(token.explanation).toMatch(/replication window of 180 s after the deploy had already ended/);
    expect(token.correlation?.traceId).toBeTruthy();
    expect(token.correlation?.correlationId).toBeTruthy();
    expect(report.timings.tokenRequests).toBe(1);
    expect(check(report, "claims").status).toBe("skip");
  });

  it("retries a rejected secret only within the replication window, then fails with AADSTS7000215", async () => {
    const w = fx.workload(["User.Read.All"]);
    const outputs = { ...outputsFor(fx.emu, w), clientSecret: "not-the-secret-value~0123456789abcdefghij" };
    const report = await run(outputs, { replicationWindowMs: 700 });
    expect(check(report, "token")).toMatchObject({ status: "fail", code: "AADSTS7000215" });
    expect(report.attempts.length).toBeGreaterThan(1);
    expect(report.attempts.slice(0, -1).every((a) => a.decision === "retry" && a.reason === "replicating")).toBe(true);
    expect(check(report, "token").explanation).toMatch(/replication window of 1 s from the start of this run \(deploy time unknown\) has ended/);
  });

  it("detects a secret ID pasted as the secret locally, before any request", async () => {
    const w = fx.workload(["User.Read.All"]);
    fx.emu.control.clearRequests();
    const report = await run({ ...outputsFor(fx.emu, w), clientSecret: w.secretKeyId });
    expect(report.ok).toBe(false);
    expect(check(report, "credential")).toMatchObject({ status: "fail", code: "ERR_SECRET_LOOKS_LIKE_ID" });
    expect(check(report, "credential").fix).toMatch(/secret value/);
    expect(check(report, "token")).toMatchObject({ status: "skip", code: "SKIP_NOT_RUN" });
    expect(fx.emu.control.requests().filter((r) => r.route === "token")).toHaveLength(0);
  });

  it("fails an expired secret at once: ERR_SECRET_EXPIRED locally and AADSTS7000222 from Entra, even inside the window", async () => {
    const tenant = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All"], { tenantId: tenant.tenantId, secretLifetimeDays: 1 });
    fx.emu.control.advanceClock(2 * 86_400_000);
    const report = await run(outputsFor(fx.emu, w), { now: () => fx.emu.control.now() });
    expect(check(report, "secret-expiry")).toMatchObject({ status: "fail", code: "ERR_SECRET_EXPIRED" });
    expect(check(report, "secret-expiry").detail).toMatch(/expired .*\(1 day ago\)/);
    expect(check(report, "token")).toMatchObject({ status: "fail", code: "AADSTS7000222" });
    expect(check(report, "token").fix).toMatch(/new secret/);
    expect(report.timings.tokenRequests).toBe(1);
  });

  it("warns when the secret expires within --warn-days, and reports the previous slot too", async () => {
    const w = fx.workload(["User.Read.All"], { secretLifetimeDays: 10 });
    const previous = new Date(fx.emu.control.now() - 86_400_000).toISOString();
    const report = await run({ ...outputsFor(fx.emu, w), previousClientSecretExpiresAt: previous }, { now: () => fx.emu.control.now(), warnDays: 30 });
    expect(report.ok).toBe(true);
    expect(check(report, "secret-expiry")).toMatchObject({ status: "warn", code: "WARN_SECRET_EXPIRES_SOON" });
    expect(check(report, "previous-secret-expiry")).toMatchObject({ status: "warn", code: "WARN_PREVIOUS_SECRET_EXPIRED" });
  });

  it("fails a tenant that does not exist with AADSTS90002 at once, even inside the window", async () => {
    const w = fx.workload(["User.Read.All"]);
    const report = await run({ ...outputsFor(fx.emu, w), tenantId: randomUUID() });
    const token = check(report, "token");
    expect(token).toMatchObject({ status: "fail", code: "AADSTS90002" });
    expect(token.explanation).toMatch(/tenant does not exist/);
    expect(report.timings.tokenRequests).toBe(1);
  });

  it("fails the app's client id in another tenant with AADSTS700016 after the window", async () => {
    const w = fx.workload(["User.Read.All"]);
    const other = fx.emu.control.createTenant();
    const report = await run({ ...outputsFor(fx.emu, w), tenantId: other.tenantId }, { deployedAt: LONG_AGO });
    expect(check(report, "token")).toMatchObject({ status: "fail", code: "AADSTS700016" });
    expect(check(report, "token").fix).toMatch(/same stack/);
  });

  it("fails a missing role with ERR_ROLES_MISSING naming it, still probing what is granted", async () => {
    const w = fx.workload(["User.Read.All"]);
    const report = await run(outputsFor(fx.emu, w, ["User.Read.All", "Group.Read.All"]), { deployedAt: LONG_AGO });
    const roles = check(report, "roles");
    expect(report.ok).toBe(false);
    expect(roles).toMatchObject({ status: "fail", code: "ERR_ROLES_MISSING" });
    expect(roles.detail).toBe("missing Group.Read.All; the token has User.Read.All");
    expect(check(report, "probe GET /v1.0/users?$top=1&$select=id").status).toBe("pass");
    expect(check(report, "probe Group.Read.All")).toMatchObject({ status: "skip", code: "SKIP_ROLE_NOT_GRANTED" });
  });

  it("warns (least privilege) about roles the token has that the stack does not declare, naming them, and still passes", async () => {
    const w = fx.workload(["User.Read.All", "Group.Read.All"]);
    const report = await run(outputsFor(fx.emu, w, ["User.Read.All"]), { deployedAt: LONG_AGO });
    const roles = check(report, "roles");
    expect(report.ok).toBe(true);
    expect(roles).toMatchObject({ status: "warn", code: "WARN_ROLES_UNDECLARED" });
    expect(roles.detail).toBe("token has User.Read.All, and also Group.Read.All, which the stack does not declare");
    expect(roles.fix).toMatch(/remove the grant/);
  });

  it("explains a delegated-only permission name that can never be a role", async () => {
    const w = fx.workload(["User.Read.All"]);
    const report = await run(outputsFor(fx.emu, w, ["User.Read"]), { deployedAt: LONG_AGO });
    expect(check(report, "roles").code).toBe("ERR_ROLES_MISSING");
    expect(check(report, "roles").fix).toMatch(/User\.Read have no application role/);
  });

  it("fails a token for another principal than the outputs' service principal (ERR_CLAIMS) and skips the probes", async () => {
    const w = fx.workload(["User.Read.All"]);
    const stranger = randomUUID();
    const report = await run({ ...outputsFor(fx.emu, w), servicePrincipalObjectId: stranger });
    expect(check(report, "claims")).toMatchObject({ status: "fail", code: "ERR_CLAIMS" });
    expect(check(report, "claims").detail).toBe(`oid is ${w.servicePrincipalObjectId}, expected ${stranger}`);
    expect(report.checks.some((c) => c.name.startsWith("probe"))).toBe(false);
  });

  it("reports Conditional Access blocks (AADSTS53003) without retrying", async () => {
    const tenant = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All"], { tenantId: tenant.tenantId });
    fx.emu.control.setConditionalAccess(tenant.tenantId, { blockAll: true });
    const report = await run(outputsFor(fx.emu, w));
    expect(check(report, "token")).toMatchObject({ status: "fail", code: "AADSTS53003" });
    expect(report.timings.tokenRequests).toBe(1);
  });

  it("throws VerifyInputError listing every bad input at once, scrubbed of the secret", async () => {
    const secret = "a-real-looking-secret~value-0123456789ABCDEF";
    fx.guard.secret(secret);
    const error = await verifyWorkload(
      { tenantId: "", clientId: "my-app", clientSecret: secret, authorityHost: "http://login.example.com" },
      { dispatcher: fx.dispatcher, probes: ["DELETE /v1.0/users/1"] },
    ).catch((e: unknown) => e);
    fx.guard.output("error", error);
    expect(error).toBeInstanceOf(VerifyInputError);
    expect((error as VerifyInputError).problems.map((p) => p.input)).toEqual(["tenantId", "clientId", "authorityHost", "--probe"]);
  });

  it("fails with ERR_HTTP_TLS when the emulator's CA is not trusted (verification is never disabled)", async () => {
    const w = fx.workload(["User.Read.All"]);
    const report = await verifyWorkload(outputsFor(fx.emu, w));
    fx.guard.output("report", report);
    expect(check(report, "token")).toMatchObject({ status: "fail", code: "ERR_HTTP_TLS" });
    expect(check(report, "token").fix).toMatch(/NODE_EXTRA_CA_CERTS/);
  });
});
