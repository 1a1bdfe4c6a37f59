// `npm start`'s flow on the real engine: rotation with a consumer requesting tokens throughout.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { runDemo, type DemoResult } from "../../engine/demo-flow.ts";
import { emulatorTrustFiles, readEmulatorTls } from "../../engine/emulator-tls.ts";
import { locateEngine } from "./helpers.ts";

let runDir: string;
let result: DemoResult;
const lines: string[] = [];
const pulumiOutput: string[] = [];
let stateAtEnd = "";

beforeAll(async () => {
  runDir = await mkdtemp(join(tmpdir(), "real-engine-demo-"));
  result = await runDemo({
    engine: await locateEngine(),
    trust: emulatorTrustFiles(inject("tlsDir")),
    stack: "dev",
    runDir,
    tls: await readEmulatorTls(inject("tlsDir")),
    replicationSeconds: 0,
    consumerIntervalMs: 20,
    print: (line) => void lines.push(line),
    pulumiOutput: (chunk) => void pulumiOutput.push(chunk),
  });
  stateAtEnd = await readFile(result.stateFile, "utf8");
});
afterAll(() => rm(runDir, { recursive: true, force: true }));

describe("npm start", () => {
  it("rotates the secret with no failed consumer request, previews no change, and leaves nothing after destroy", () => {
    expect(result).toMatchObject({ ok: true, writesOnPreview: 0, objectsLeft: 0, refusedRequests: [], consumer: { failures: 0, secretsUsed: 2 } });
    expect(result.consumer.requests).toBeGreaterThan(0);
  });

  it("shows Pulumi's own output, with the rotation in its diff", () => {
    const text = pulumiOutput.join("");
    expect(text).toContain("Updating (dev)");
    expect(text).toMatch(/\+ +azuread:index:ApplicationPassword workload-identity-secret-1 created/);
    expect(text).toContain("~ clientSecretKeyId");
    expect(text).toContain("Destroying (dev)");
    expect(lines.join("\n")).toContain("pulumi preview --expect-no-changes");
  });

  it("never prints a secret", () => {
    expect(stateAtEnd).not.toMatch(/"secretText"|"clientSecret": "/);
    const printed = lines.join("\n") + pulumiOutput.join("");
    expect(printed).toContain("[secret]");
    expect(printed).not.toMatch(/[A-Za-z0-9~_.-]{3}8Q~[A-Za-z0-9~_.-]{20,}/); // Entra's secret format
  });
});
