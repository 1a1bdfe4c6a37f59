import { defineConfig } from "vitest/config";

// `npm run test:engine`: the real Pulumi CLI (npm run pulumi:build, or one on PATH) runs the program
// against emulators in these suites. The global setup makes the emulators' CA and points
// NODE_EXTRA_CA_CERTS at it before the test processes start (Node.js reads it only then).
export default defineConfig({
  test: {
    include: ["test/real-engine/**/*.test.ts"],
    globalSetup: ["test/real-engine/global-setup.ts"],
    pool: "forks",
    // Each file drives a few `pulumi up`s of seconds and a `pulumi destroy` of ~40 s that is mostly
    // the real provider waiting between its consistency polls (idle CPU): four files at a time.
    maxWorkers: 4,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
