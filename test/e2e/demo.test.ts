// `npm start`'s flow (local/demo-flow.ts), as a newcomer runs it, with its printed account.

import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../local/demo-flow.ts";
import { PROJECT_DIR } from "./helpers.ts";

let stateDir: string;
let result: DemoResult;
const lines: string[] = [];
const secrets = new Set<string>();

/** Every secret the stack has held, collected from its state file whenever the demo prints. */
function collectSecrets(): void {
  try {
    const { state } = JSON.parse(readFileSync(join(stateDir, "dev.json"), "utf8")) as { state: { outputs: Record<string, unknown> | null; resources: { outputs: Record<string, unknown> }[] } };
    for (const r of state.resources) if (typeof r.outputs["value"] === "string") secrets.add(r.outputs["value"]);
    if (typeof state.outputs?.["clientSecret"] === "string") secrets.add(state.outputs["clientSecret"]);
  } catch {
    // No state file yet (or already destroyed).
  }
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "e2e-demo-"));
  result = await runDemo({
    projectDir: PROJECT_DIR,
    stack: "dev",
    stateDir,
    replicationSeconds: 0,
    consumerIntervalMs: 20,
    print: (line) => {
      collectSecrets();
      lines.push(line);
    },
  });
}, 60_000);
afterAll(() => rm(stateDir, { recursive: true, force: true }));

describe("npm start", () => {
  it("succeeds: no failed consumer request across the rotation, no write on the unchanged run, nothing left after destroy", () => {
    expect(result).toMatchObject({ ok: true, writesOnNoChangeRun: 0, objectsLeft: 0, consumer: { failures: 0, secretsUsed: 2 } });
    expect(result.consumer.requests).toBeGreaterThan(0);
  });

  it("prints each step with its duration, and says that it is a local stand-in", () => {
    const text = lines.join("\n");
    for (const title of ["start the emulator", "provision stack dev", "verify", "move the emulator clock 91 days on", "a rotation period has passed", "nothing changed", "destroy", "tear down"]) {
      expect(text).toContain(title);
    }
    expect(lines.filter((l) => /^ {4}✓ +\d+\.\d s /.test(l))).toHaveLength(9);
    expect(text).toContain("ApplicationPassword workload-identity-secret-1");
    expect(text).toMatch(/stack outputs point at the emulator/);
  });

  it("never prints a secret", () => {
    expect(secrets.size).toBeGreaterThanOrEqual(2);
    const text = lines.join("\n");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
