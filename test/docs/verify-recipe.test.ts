// docs/verify.md's recipe runs as written: the emulator's POST /workloads reply, saved to a file, is
// `graph-verify --outputs` input with no other flag. Only the port (any free one) and where the
// reply is saved (outside the repository) are changed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../helpers/free-port.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function recipe(): string {
  const doc = readFileSync(join(ROOT, "docs", "verify.md"), "utf8");
  const block = /<!-- recipe:emulator-reply -->\n```bash\n([\s\S]*?)```/.exec(doc);
  if (!block?.[1]) throw new Error("docs/verify.md has no emulator-reply recipe");
  return block[1];
}


describe("docs/verify.md", () => {
  it("has an emulator recipe that runs as written and passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verify-recipe-"));
    const script = recipe().replaceAll("8701", String(await freePort())).replaceAll("> reply.json", `> '${join(dir, "reply.json")}'`).replaceAll("--outputs reply.json", `--outputs '${join(dir, "reply.json")}'`);
    const child = spawn("bash", ["-e", "-c", script], {
      cwd: ROOT,
      detached: true, // its own process group: the emulator it starts goes with it, whatever happens
      env: { PATH: `${join(ROOT, "node_modules", ".bin")}${delimiter}${process.env["PATH"] ?? ""}`, HOME: process.env["HOME"] ?? dir, npm_config_update_notifier: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.resume();
    try {
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stdout).toMatch(/^✓ PASS {2}\d+ passed/m);
      expect(code).toBe(0);
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
