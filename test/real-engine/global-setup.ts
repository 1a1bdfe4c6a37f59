// Once per `npm run test:engine`: find the Pulumi CLI (failing with the fix when there is none) and
// make the emulators' HTTPS identity, trusted by every test process through NODE_EXTRA_CA_CERTS.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { writeEmulatorTls } from "../../engine/emulator-tls.ts";
import { describePlugins, LANGUAGE_HOST_CHOICE_ENV, PROVIDER_CHOICE_ENV, resolvePlugins, type EnginePlugins } from "../../engine/plugins.ts";
import { PLUGINS_DIR_ENV } from "../../engine/versions.ts";
import { locatePulumi, PulumiMissingError } from "../../engine/pulumi-cli.ts";

declare module "vitest" {
  export interface ProvidedContext {
    tlsDir: string;
  }
}

/**
 * Plugin archives named (CI with ../shared beside the clone) but a run that would not use them is a
 * broken setup, not a pass on the substitute: unless a fallback was asked for by name.
 */
function requireRealWhereNamed(plugins: EnginePlugins): void {
  if (!process.env[PLUGINS_DIR_ENV]) return;
  const missing = [
    plugins.provider.kind !== "real" && process.env[PROVIDER_CHOICE_ENV] !== "substitute" ? "the azuread provider" : undefined,
    plugins.languageHost.kind !== "real" && process.env[LANGUAGE_HOST_CHOICE_ENV] !== "inline" ? "the language host" : undefined,
  ].filter((part) => part !== undefined);
  if (missing.length > 0) {
    throw new Error(`${PLUGINS_DIR_ENV} is set, but ${missing.join(" and ")} would not be the real one. Fix: run \`npm run pulumi:build\` with ${PLUGINS_DIR_ENV} set, so that it stages the archives`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const cli = await locatePulumi();
    process.stderr.write(`real-engine tests: pulumi ${cli.version} (${cli.source === "built" ? ".pulumi-bin, built from source" : "from PATH"})\n`);
    const plugins = await resolvePlugins(cli);
    for (const line of describePlugins(plugins)) process.stderr.write(`${line}\n`);
    requireRealWhereNamed(plugins);
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
