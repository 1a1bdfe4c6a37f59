// Bad config on the real engine, as a user meets it: every config and permission-name problem in
// one `pulumi up`, each printed once, nothing created; a stack without its stack file is told so.

import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type EngineWorld } from "./helpers.ts";

let world: EngineWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const count = (text: string, part: string) => text.split(part).length - 1;

/** What `pulumi up` prints (stdout and stderr, as a user sees them), and whether it failed. */
async function up(stack: Awaited<ReturnType<EngineWorld["stack"]>>): Promise<{ failed: boolean; printed: string }> {
  const chunks: string[] = [];
  const onOutput = (chunk: string) => void chunks.push(chunk);
  const failed = await stack.up({ onOutput, onError: onOutput }).then(() => false, () => true);
  return { failed, printed: chunks.join("") };
}

describe("config errors on the real engine", () => {
  it("reports 3 config mistakes and 2 permission typos in one run: 5 problems, each once, 0 resources", async () => {
    const stack = await world.stack("mistakes", {
      permissions: ["User.Reed.All", "Group.Raed.All", "Mail.Send"],
      owners: ["alice"],
      rotationDays: "0",
      verifyOnDeploi: "fail",
    });
    const { failed, printed: text } = await up(stack);
    expect(failed).toBe(true);
    const problems = [
      'owners[0] = "alice": is not an object id',
      'rotationDays = "0": must be from 1 to 358 days.',
      'verifyOnDeploi = "fail": is not a setting of this program',
      'permissions[0] = "User.Reed.All": is not an application permission of Microsoft Graph in this tenant. Fix: did you mean User.Read.All?',
      'permissions[1] = "Group.Raed.All": is not an application permission of Microsoft Graph in this tenant. Fix: did you mean Group.Read.All?',
    ];
    for (const problem of problems) expect(count(text, problem), problem).toBe(1);
    expect(count(text, "\n      - ")).toBe(5); // no other problem line, in Pulumi's Diagnostics indentation
    expect(text).toContain("The stack configuration has 5 problems; nothing was deployed.");
    expect(text).toContain("Nothing was deployed: fix the 5 configuration problems listed above, then run `pulumi up` again.");
    expect(world.objectsCreated()).toEqual([]);
  });

  it("names the stack file when a stack has none", async () => {
    const { stack, workDir } = await world.bareStack("nofile");
    // The Automation API writes the passphrase salt into a new stack file; a stack in Pulumi Cloud,
    // or one whose file was never committed, has none at all.
    rmSync(join(workDir, "Pulumi.nofile.yaml"));
    const { failed, printed } = await up(stack);
    expect(failed).toBe(true);
    expect(printed).toContain("Is Pulumi.nofile.yaml missing");
    expect(printed).not.toContain("missing configuration value"); // the Pulumi CLI's own check, which names no file
    expect(world.objectsCreated()).toEqual([]);
  });
});
