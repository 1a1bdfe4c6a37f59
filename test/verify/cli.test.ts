// The CLI as users run it: a child process against the emulator. Exit codes 0/1/2, `--json` alone
// on stdout, the human table, every input source, and never a credential in any output.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StackOutputs, VerifyReport } from "../../verify/index.ts";
import { LONG_AGO, outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";
import { runCli, type CliResult } from "./helpers/run-cli.ts";

let fx: VerifyFixture;
let https: VerifyFixture;
let dir: string;
beforeAll(async () => {
  [fx, https] = await Promise.all([startFixture(), startFixture({ https: true })]);
  dir = mkdtempSync(join(tmpdir(), "verify-cli-"));
});
afterAll(async () => {
  await Promise.all([fx.close(), https.close()]);
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  fx.guard.check();
  https.guard.check();
});

function writeOutputs(outputs: StackOutputs | object): string {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(outputs));
  return file;
}

async function cli(args: string[], options?: Parameters<typeof runCli>[1]): Promise<CliResult> {
  const result = await runCli(args, options);
  fx.guard.output(`stdout of verify ${args.join(" ")}`, result.stdout);
  fx.guard.output(`stderr of verify ${args.join(" ")}`, result.stderr);
  return result;
}

const jsonReport = (r: CliResult): VerifyReport => JSON.parse(r.stdout) as VerifyReport;
const failed = (report: VerifyReport) => report.checks.filter((c) => c.status === "fail");

describe.concurrent("verify CLI", () => {
  it("exits 0 and prints the check table for a fresh workload (--outputs FILE)", async () => {
    const w = fx.workload(["User.Read.All"]);
    const r = await cli(["--outputs", writeOutputs(outputsFor(fx.emu, w))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}✓ token +\d+ ms {2}token issued, first attempt$/m);
    expect(r.stdout).toMatch(/^ {2}✓ probe GET \/v1\.0\/users\?\$top=1&\$select=id .*HTTP 200 \(User\.Read\.All\)$/m);
    expect(r.stdout).toMatch(/^✓ PASS {2}6 passed in /m);
    expect(r.stderr).toBe(""); // stderr is not a terminal here: no progress line
  });

  it("prints exactly one JSON report and nothing else on stdout with --json, reading stdin (--outputs -)", async () => {
    const w = fx.workload(["User.Read.All"]);
    const r = await cli(["--outputs", "-", "--json"], { stdin: JSON.stringify(outputsFor(fx.emu, w)) });
    expect(r.code).toBe(0);
    const report = jsonReport(r);
    expect(report).toMatchObject({ ok: true, version: 1, target: { clientId: w.clientId, credential: "secret" } });
    expect(r.stdout.trim().startsWith("{") && r.stdout.trim().endsWith("}")).toBe(true);
  });

  it("reads the Azure SDK environment variables when no outputs are given", async () => {
    const w = fx.workload(["Group.Read.All"]);
    const r = await cli(["--json", "--permissions", "Group.Read.All"], {
      env: { AZURE_TENANT_ID: w.tenantId, AZURE_CLIENT_ID: w.clientId, AZURE_CLIENT_SECRET: w.clientSecret, AZURE_AUTHORITY_HOST: fx.emu.authorityHost },
    });
    expect(r.code).toBe(0);
    const report = jsonReport(r);
    expect(report.checks.find((c) => c.name === "secret-expiry")).toMatchObject({ status: "skip", code: "SKIP_EXPIRY_UNKNOWN" });
    expect(report.checks.find((c) => c.name === "probe GET /v1.0/groups?$top=1&$select=id")?.status).toBe("pass");
  });

  it("runs `pulumi stack output --json --show-secrets --stack NAME` for --stack", async () => {
    const w = fx.workload(["User.Read.All"]);
    const bin = mkdtempSync(join(dir, "bin-"));
    const outputsFile = writeOutputs(outputsFor(fx.emu, w));
    // A stand-in for the Pulumi CLI that checks its arguments and prints the outputs.
    writeFileSync(join(bin, "pulumi"), `#!/bin/sh\n[ "$*" = "stack output --json --show-secrets --stack dev" ] || { echo "unexpected args: $*" >&2; exit 3; }\ncat '${outputsFile}'\n`);
    chmodSync(join(bin, "pulumi"), 0o755);
    const ok = await cli(["--stack", "dev", "--json"], { env: { PATH: `${bin}:${process.env["PATH"]}` } });
    expect(ok.code).toBe(0);
    expect(jsonReport(ok).ok).toBe(true);
    const wrong = await cli(["--stack", "prod"], { env: { PATH: `${bin}:${process.env["PATH"]}` } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--stack prod: `pulumi stack output` failed: unexpected args/);
  });

  it("gives up on a `pulumi stack output` that hangs, within --timeout (exit 2)", async () => {
    const bin = mkdtempSync(join(dir, "bin-"));
    writeFileSync(join(bin, "pulumi"), "#!/bin/sh\nexec sleep 30\n");
    chmodSync(join(bin, "pulumi"), 0o755);
    const r = await cli(["--stack", "dev", "--timeout", "1"], { env: { PATH: `${bin}:${process.env["PATH"]}` } });
    expect(r.code).toBe(2);
    // The time left of the 1 s deadline when the command started (start-up takes some of it).
    expect(r.stderr).toMatch(/did not finish within [01]\.\d s, the time left before the deadline/);
  });

  it.each([
    { what: "a wrong secret", code: "AADSTS7000215", args: ["--deployed-at", LONG_AGO], mangle: (o: StackOutputs) => ({ ...o, clientSecret: `${o.clientSecret!.slice(0, -3)}zzz` }) },
    { what: "a secret id pasted as the secret", code: "ERR_SECRET_LOOKS_LIKE_ID", args: [], mangle: (o: StackOutputs, keyId: string) => ({ ...o, clientSecret: keyId }) },
    { what: "a tenant that does not exist", code: "AADSTS90002", args: [], mangle: (o: StackOutputs) => ({ ...o, tenantId: randomUUID() }) },
    { what: "a missing role", code: "ERR_ROLES_MISSING", args: ["--deployed-at", LONG_AGO], mangle: (o: StackOutputs) => ({ ...o, permissions: ["User.Read.All", "Application.Read.All"] }) },
    { what: "a Graph 403", code: "Authorization_RequestDenied", args: ["--deployed-at", LONG_AGO, "--probe", "GET /v1.0/applications?$top=1"], mangle: (o: StackOutputs) => o },
  ])("exits 1 for $what, reporting $code with its explanation and fix", async ({ code, args, mangle }) => {
    const w = fx.workload(["User.Read.All"]);
    const outputs = mangle(outputsFor(fx.emu, w), w.secretKeyId);
    fx.guard.secret(outputs.clientSecret);
    const r = await cli(["--outputs", writeOutputs(outputs), "--json", ...args]);
    expect(r.code).toBe(1);
    const report = jsonReport(r);
    expect(report.ok).toBe(false);
    const [failure] = failed(report);
    expect(failure).toMatchObject({ code });
    expect(failure!.explanation).toBeTruthy();
    expect(failure!.fix).toBeTruthy();
  });

  it("exits 1 for an expired secret, as of the emulator's moved clock (--now)", async () => {
    const w = fx.workload(["User.Read.All"], { secretLifetimeDays: 1 });
    fx.emu.control.advanceClock(2 * 86_400_000);
    const r = await cli(["--outputs", writeOutputs(outputsFor(fx.emu, w)), "--now", new Date(fx.emu.control.now()).toISOString()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}✗ secret-expiry .*expired/m);
    expect(r.stdout).toMatch(/^ {6}ERR_SECRET_EXPIRED: The client secret's end date has passed\.$/m);
    expect(r.stdout).toMatch(/^ {2}✗ token .*\n {6}AADSTS7000222: .*\n {6}fix: Create a new secret/m);
    expect(r.stdout).toMatch(/^ {6}trace_id \S+ {2}correlation_id \S+/m);
  });

  it.each([
    { what: "an http:// authority host that is not loopback", args: ["--authority-host", "http://login.example.com"], message: /accepted only for loopback hosts/, code: "ERR_VERIFY_INPUT" },
    { what: "a probe that writes", args: ["--probe", "DELETE /v1.0/users/x"], message: /only GET/, code: "ERR_USAGE" },
  ])("exits 2 for $what, with the error as the one JSON document on stdout", async ({ args, message, code }) => {
    const w = fx.workload(["User.Read.All"]);
    const r = await cli(["--outputs", writeOutputs(outputsFor(fx.emu, w)), ...args, "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, version: 1, error: { code, exitCode: 2, message: expect.stringMatching(message) } });
    expect(r.stderr).toMatch(message);
  });

  it.each([
    { what: "outputs exported without --show-secrets", content: (o: StackOutputs) => JSON.stringify({ ...o, clientSecret: "[secret]" }), message: /--show-secrets/ },
    { what: "outputs that are not JSON", content: () => "Current stack outputs (3):", message: /is not JSON/ },
  ])("exits 2 for $what", async ({ content, message }) => {
    const w = fx.workload(["User.Read.All"]);
    const file = join(dir, `${randomUUID()}.json`);
    writeFileSync(file, content(outputsFor(fx.emu, w)));
    const r = await cli(["--outputs", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("exits 2 naming every missing environment variable", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AZURE_TENANT_ID[\s\S]*AZURE_CLIENT_ID[\s\S]*AZURE_CLIENT_SECRET/);
  });

  it("trusts the emulator's CA through NODE_EXTRA_CA_CERTS, and fails with ERR_HTTP_TLS without it", async () => {
    const w = https.workload(["User.Read.All"]);
    const file = writeOutputs(outputsFor(https.emu, w));
    const trusted = await cli(["--outputs", file], { env: { NODE_EXTRA_CA_CERTS: https.emu.caFile } });
    expect(trusted.code).toBe(0);
    const untrusted = await cli(["--outputs", file, "--json"]);
    expect(untrusted.code).toBe(1);
    expect(failed(jsonReport(untrusted))[0]).toMatchObject({ name: "token", code: "ERR_HTTP_TLS" });
  });

  it("never hangs past --timeout on a token endpoint that does not answer (exit 1, ERR_DEADLINE)", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All"], { tenantId });
    fx.emu.control.injectFault({ route: "token", pathPattern: tenantId, kind: "latency", ms: 10_000, times: -1 });
    const r = await cli(["--outputs", writeOutputs(outputsFor(fx.emu, w)), "--timeout", "1", "--json"]);
    expect(r.code).toBe(1);
    expect(failed(jsonReport(r))[0]).toMatchObject({ name: "token", code: "ERR_DEADLINE" });
    // The deadline ended it, not the 10 s answer (the margin is for a loaded machine).
    expect(jsonReport(r).timings.totalMs).toBeLessThan(8_000);
  });

  it("prints the report so far and exits 130 when interrupted while waiting", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    const w = fx.workload(["User.Read.All"], { tenantId });
    fx.emu.control.injectFault({ route: "token", pathPattern: tenantId, kind: "latency", ms: 10_000, times: -1 });
    // Interrupt once the (slow) token request has reached the emulator: verify is then waiting.
    const waiting = () => fx.emu.control.requests().some((q) => q.route === "token" && q.path.includes(tenantId));
    const r = await cli(["--outputs", writeOutputs(outputsFor(fx.emu, w)), "--json"], { interruptWhen: waiting });
    expect(r.code).toBe(130);
    expect(failed(jsonReport(r))[0]).toMatchObject({ name: "token", code: "ERR_ABORTED" });
  });
});
