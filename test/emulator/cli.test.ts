import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Agent, fetch } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../emulator/cli-args.ts";

const cli = fileURLToPath(new URL("../../emulator/cli.ts", import.meta.url));
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
});

function start(args: string[]): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [cli, ...args], { stdio: "pipe" });
  child = proc;
  const lines = createInterface({ input: proc.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`emulator exited (${code}) before its ready line`)));
  });
  firstLine.catch(() => undefined); // a run that never gets ready is asserted through `exit`
  const exit = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { child: proc, firstLine, exit };
}

describe("npm run emulator", () => {
  it("prints exactly one JSON ready line, serves the control API over HTTPS and stops cleanly on SIGTERM", async () => {
    const run = start(["--https"]);
    const stdout: string[] = [];
    const line = await run.firstLine;
    run.child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk.toString()));
    const ready = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual(["authorityHost", "caFile", "controlUrl", "graphEndpoint", "metadataHost"]);
    expect(ready.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(`https://${ready.metadataHost}`).toBe(ready.authorityHost);
    expect(ready.graphEndpoint).toBe(ready.authorityHost);
    expect(ready.controlUrl).toBe(`${ready.authorityHost}/_emulator`);
    const caFile = ready.caFile ?? "";
    expect(readFileSync(caFile, "utf8")).toContain("BEGIN CERTIFICATE");

    const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, "utf8") } });
    const response = await fetch(`${ready.controlUrl}/workloads`, {
      method: "POST", headers: { "content-type": "application/json" }, dispatcher,
      body: JSON.stringify({ displayName: "from the cli test", permissions: ["User.Read.All"] }), signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(201);
    const metadata = await fetch(`https://${ready.metadataHost}/metadata/endpoints?api-version=2022-09-01`, { dispatcher, signal: AbortSignal.timeout(10_000) });
    expect(await metadata.json()).toMatchObject({ authentication: { loginEndpoint: ready.authorityHost }, microsoftGraphResourceId: `${ready.graphEndpoint}/` });
    const workload = (await response.json()) as Record<string, string>;
    expect(Object.keys(workload)).toEqual(expect.arrayContaining(["tenantId", "clientId", "clientSecret", "applicationObjectId", "servicePrincipalObjectId"]));
    await dispatcher.close();

    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(stdout.join("")).toBe(""); // nothing after the ready line, and never the secret
    expect(existsSync(caFile)).toBe(false);
  });

  it("prints no caFile over plain HTTP", async () => {
    const run = start([]);
    const ready = JSON.parse(await run.firstLine) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual(["authorityHost", "controlUrl", "graphEndpoint"]);
    expect(ready.authorityHost).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
  });

  it("exits 2 with usage on a bad argument", async () => {
    const run = start(["--port", "http"]);
    const stderr: string[] = [];
    run.child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    expect(await run.exit).toBe(2);
    expect(stderr.join("")).toContain("--port http");
  });
});

describe("parseCliArgs", () => {
  it.each([
    [[], { https: false, port: 0, help: false }],
    [["--https"], { https: true, port: 0, help: false }],
    [["--port", "8443", "--https"], { https: true, port: 8443, help: false }],
    [["--port=0", "--state-dir", "/tmp/x"], { https: false, port: 0, help: false, stateDir: "/tmp/x" }],
    [["--help"], { https: false, port: 0, help: true }],
  ])("parses %j", (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  it.each([[["--port"]], [["--port", "70000"]], [["--colour"]]])("refuses %j with a UsageError", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});
