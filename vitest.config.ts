import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real Pulumi engine's suites run with `npm run test:engine` (vitest.engine.config.ts).
    exclude: ["test/real-engine/**", "node_modules/**"],
    // Every suite that talks HTTP starts its own emulator on port 0, so files can run in parallel;
    // forks (not threads) because Pulumi's mock runtime keeps process-global state.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
