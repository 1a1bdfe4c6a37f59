// The CLI as docs/verify.md tells users to run it: the `graph-verify` bin through npx and
// `npm run -s`, whose stdout parses as JSON in every outcome; --version and --help; the progress
// lines a CI log gets; and the emulator's workload reply as `--outputs` input as is.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../verify/cli-args.ts";
import type { StackOutputs } from "../../verify/index.ts";
import { LONG_AGO, outputsFor, startFixture, type VerifyFixture } from "./helpers/emulator.ts";
import { runCli } from "./helpers/run-cli.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let fx: VerifyFixture;
let dir: string;
beforeAll(async () => {
  fx = await startFixture();
  dir = mkdtempSync(join(tmpdir(), "verify-usage-"));
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => fx.guard.check());

function writeJson(value: unknown): string {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** `npx …` or `npm run …` in the repository, as a user types it. */
function npm(command: "npx" | "npm", args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: `${join(ROOT, "node_modules", ".bin")}${delimiter}${process.env["PATH"] ?? ""}`, HOME: process.env["HOME"] ?? tmpdir(), npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.concurrent("the graph-verify command", () => {
  const outcomes = [
    { what: "passes", exit: 0, outputs: (o: StackOutputs) => o, ok: true },
    { what: "fails a check", exit: 1, outputs: (o: StackOutputs) => ({ ...o, permissions: ["User.Read.All", "Group.Read.All"] }), ok: false },
    { what: "has unusable inputs", exit: 2, outputs: (o: StackOutputs) => ({ ...o, clientId: "not-a-guid" }), ok: false },
  ];

  it.each(outcomes)("prints only its JSON document through `npx graph-verify --json` when the run $what (exit $exit)", async ({ exit, outputs, ok }) => {
    const w = fx.workload(["User.Read.All"]);
    const r = await npx(["graph-verify", "--json", "--deployed-at", LONG_AGO, "--outputs", writeJson(outputs(outputsFor(fx.emu, w)))]);
    fx.guard.output("npx stdout", r.stdout);
    expect(r.code).toBe(exit);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok, version: 1 });
  });

  it.each(outcomes)("prints only its JSON document through `npm run -s verify -- --json` when the run $what (exit $exit)", async ({ exit, outputs, ok }) => {
    const w = fx.workload(["User.Read.All"]);
    const r = await npm("npm", ["run", "-s", "verify", "--", "--json", "--deployed-at", LONG_AGO, "--outputs", writeJson(outputs(outputsFor(fx.emu, w)))]);
    fx.guard.output("npm stdout", r.stdout);
    expect(r.code).toBe(exit);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok, version: 1 });
  });

  it("answers a usage error with --json as a JSON document too", async () => {
    const r = await runCli(["--json", "--timeout", "soon"]);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: "ERR_USAGE", exitCode: 2, message: expect.stringContaining("--timeout must be a number") } });
  });

  it("prints its version, and lists every exit code in --help", async () => {
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^graph-verify \d+\.\d+\.\d+ /);
    const help = await runCli(["--help"]);
    for (const code of Object.values(EXIT_CODES)) expect(help.stdout).toMatch(new RegExp(`^ {2}${code} +\\S`, "m"));
  });

  it("prints a progress line to a log while it waits, with the time the replication window really has left", async () => {
    const { tenantId } = fx.emu.control.createTenant();
    fx.emu.control.setReplicationDelays(tenantId, { secretMs: 600_000 });
    const w = fx.workload(["User.Read.All"], { tenantId });
    const r = await runCli(["--outputs", writeJson(outputsFor(fx.emu, w)), "--deployed-at", "now", "--replication-window", "2"]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("verify: … waiting"));
    expect(lines).toHaveLength(1); // one line per new wait, not one per retry
    const left = / ([\d.]+) (ms|s) left\)$/.exec(lines[0]!);
    expect(left).not.toBeNull();
    expect(Number(left![1]) * (left![2] === "s" ? 1000 : 1)).toBeLessThanOrEqual(2_000);
    expect(lines[0]).toContain("waiting for Entra ID to accept the new client secret (AADSTS7000215)");
  });

  it("says that outputs exported without --show-secrets show the secret as [secret]", async () => {
    const w = fx.workload(["User.Read.All"]);
    const r = await runCli(["--outputs", writeJson({ ...outputsFor(fx.emu, w), clientSecret: "[secret]" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the outputs show the secret masked as [secret].");
    expect(r.stderr).not.toContain("[redacted]");
  });

  it("takes the emulator's POST /workloads reply as --outputs as is, with no other flag", async () => {
    const res = await fetch(`${fx.emu.controlUrl}/workloads`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "reply-as-outputs", permissions: ["User.Read.All"] }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(201);
    const reply = (await res.json()) as Record<string, unknown>;
    fx.guard.secret(String(reply["clientSecret"]));
    const r = await runCli(["--outputs", writeJson(reply), "--json"]);
    fx.guard.output("stdout", r.stdout);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { authorityHost: fx.emu.authorityHost, graphEndpoint: fx.emu.graphEndpoint } });
  });
});

function npx(args: string[]) {
  return npm("npx", args);
}
