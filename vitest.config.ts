import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every suite that talks HTTP starts its own emulator on port 0, so files can run in parallel;
    // forks (not threads) because Pulumi's mock runtime keeps process-global state.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
