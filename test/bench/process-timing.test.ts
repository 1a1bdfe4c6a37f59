import { describe, expect, it } from "vitest";
import { timeCommands } from "../../bench/lib/process-timing.ts";

// The fallback used when hyperfine is not installed: real (tiny) processes, no timing assertions.
const fallback = { label: "spawn loop (fallback: hyperfine not installed)", hyperfine: false };
const options = { runs: 3, warmup: 1, env: process.env, cwd: process.cwd() };

describe("timeCommands without hyperfine", () => {
  it("times every command once per round and keeps each command's times together", async () => {
    const results = await timeCommands(fallback, [{ name: "true", argv: ["true"] }, { name: "sh", argv: ["sh", "-c", "exit 0"] }], options);
    expect(results.map((r) => r.name)).toEqual(["true", "sh"]);
    for (const r of results) {
      expect(r.timesMs).toHaveLength(3);
      expect(r.timesMs.every((t) => t > 0)).toBe(true);
    }
    expect(results[1]!.commandLine).toBe("sh -c 'exit 0'");
  });

  it("fails when a command fails, instead of timing an error", async () => {
    await expect(timeCommands(fallback, [{ name: "false", argv: ["false"] }], options)).rejects.toThrow(/false exited with 1/);
  });
});
