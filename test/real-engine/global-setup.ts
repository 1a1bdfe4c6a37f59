// Once per `npm run test:engine`: find the Pulumi CLI (failing with the fix when there is none) and
// make the emulators' HTTPS identity, trusted by every test process through NODE_EXTRA_CA_CERTS.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { writeEmulatorTls } from "../../engine/emulator-tls.ts";
import { describePlugins, resolvePlugins } from "../../engine/plugins.ts";
import { locatePulumi, PulumiMissingError } from "../../engine/pulumi-cli.ts";

declare module "vitest" {
  export interface ProvidedContext {
    tlsDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const cli = await locatePulumi();
    process.stderr.write(`real-engine tests: pulumi ${cli.version} (${cli.source === "built" ? ".pulumi-bin, built from source" : "from PATH"})\n`);
    for (const line of describePlugins(await resolvePlugins(cli))) process.stderr.write(`${line}\n`);
  } catch (error) {
    if (error instanceof PulumiMissingError) throw new Error(`${error.message}. Fix: ${error.fix}`);
    throw error;
  }
  const tlsDir = await mkdtemp(join(tmpdir(), "real-engine-tls-"));
  // Every process of the suite trusts the emulators: Node (tests, the program) and Go (the CLI, the provider).
  const trust = await writeEmulatorTls(tlsDir);
  process.env["NODE_EXTRA_CA_CERTS"] = trust.caFile;
  process.env["SSL_CERT_FILE"] = trust.bundleFile;
  project.provide("tlsDir", tlsDir);
  return () => rm(tlsDir, { recursive: true, force: true });
}
