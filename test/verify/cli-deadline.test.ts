// The deadline bounds everything the CLI does, and a signal ends it at once with a report: against a
// server that accepts TCP and never answers TLS, and against stdin that never ends.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifyReport } from "../../verify/index.ts";
import { runCli } from "./helpers/run-cli.ts";
import { startStallServer, type StallServer } from "./helpers/stall-server.ts";

let stall: StallServer;
let dir: string;
let outputsFile: string;
const outputs = (origin: string) => ({
  tenantId: "72f988bf-0000-4000-8000-000000000001",
  clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  clientSecret: "abc~defghijklmnopqrstuvwxyz0123456789ABCD",
  authorityHost: origin,
  graphEndpoint: origin,
});

beforeAll(async () => {
  stall = await startStallServer();
  dir = mkdtempSync(join(tmpdir(), "verify-deadline-"));
  outputsFile = join(dir, "outputs.json");
  writeFileSync(outputsFile, JSON.stringify(outputs(stall.origin)));
});
afterAll(async () => {
  await stall.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (stdout: string) => JSON.parse(stdout) as VerifyReport;
const connected = (before: number) => () => stall.accepted() > before;

describe.concurrent("the CLI's deadline and signals", () => {
  it("ends a TLS handshake that never completes at --timeout, exit 1, with ERR_HTTP_CONNECT_TIMEOUT", async () => {
    const r = await runCli(["--outputs", outputsFile, "--timeout", "2", "--json"]);
    expect(r.code).toBe(1);
    const token = report(r.stdout).checks.find((c) => c.name === "token");
    expect(token).toMatchObject({ status: "fail", code: "ERR_HTTP_CONNECT_TIMEOUT" });
    // The overall deadline ended it, not the 30 s per-request (connect) timeout.
    expect(token?.detail).toMatch(/within the overall deadline \(\d\.\d s\): the TCP connect or the TLS handshake did not complete/);
    // Far below the 30 s the connect timeout would have taken (the margin is for a loaded machine).
    expect(report(r.stdout).timings.totalMs).toBeLessThan(10_000);
  });

  it.each([
    { signal: "SIGINT" as const, code: 130 },
    { signal: "SIGTERM" as const, code: 143 },
  ])("ends within a second of $signal during a stalled TLS handshake: exit $code, with the report of what was checked", async ({ signal, code }) => {
    const before = stall.accepted();
    const r = await runCli(["--outputs", outputsFile, "--json"], { interruptWhen: connected(before), interruptWith: signal });
    expect(r.code).toBe(code);
    const checks = report(r.stdout).checks;
    expect(checks.find((c) => c.name === "credential")).toMatchObject({ status: "pass" });
    expect(checks.find((c) => c.name === "token")).toMatchObject({ status: "fail", code: "ERR_ABORTED" });
    expect(r.stderr).toContain(`interrupted by ${signal}`);
    // Far below the 30 s connect timeout it took before (the margin is for a loaded machine).
    expect(r.afterSignalMs).toBeLessThan(10_000);
  });

  it("bounds reading stdin by --timeout: exit 2, naming stdin, the one JSON document on stdout", async () => {
    const r = await runCli(["--outputs", "-", "--timeout", "1", "--json"], { keepStdinOpen: true, stdin: '{"tenantId":' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: "ERR_VERIFY_INPUT", exitCode: 2, problems: [{ input: "--outputs - (stdin)" }] } });
    expect(r.stderr).toMatch(/did not end within \d+\.\d s, the time left before the deadline \(--timeout\)/);
  });

  it("ends at once on SIGINT while `pulumi stack output` runs: exit 130, nothing checked", async () => {
    const bin = mkdtempSync(join(dir, "bin-"));
    const started = join(bin, "started");
    // A Pulumi CLI that hangs, and says when it was started (verify is then waiting for it).
    writeFileSync(join(bin, "pulumi"), `#!/bin/sh\ntouch '${started}'\nexec sleep 30\n`, { mode: 0o755 });
    const r = await runCli(["--stack", "dev", "--json"], { env: { PATH: `${bin}:${process.env["PATH"]}` }, interruptWhen: () => existsSync(started) });
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: "ERR_ABORTED", exitCode: 130 } });
    expect(r.stderr).toMatch(/interrupted by SIGINT while reading the inputs; nothing was checked/);
    expect(r.afterSignalMs).toBeLessThan(10_000); // the fake pulumi sleeps 30 s
  });
});
