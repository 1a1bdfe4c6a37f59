// Which Pulumi CLI the flow and the engine tests run, and the environment it runs in offline.
// A `pulumi` on PATH (Pulumi's installer) wins; otherwise the CLI that `npm run pulumi:build` built,
// in .pulumi-bin/. Which plugins it runs with is plugins.ts's choice.

import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PULUMI_CLI_VERSION } from "./versions.ts";

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PULUMI_BIN_DIR = join(REPO_ROOT, ".pulumi-bin");

/** Where built binaries are cached, outside the repository (kept across clones and CI runs). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env["GRAPH_WORKLOAD_IDENTITY_CACHE"]) return env["GRAPH_WORKLOAD_IDENTITY_CACHE"];
  return join(env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "graph-workload-identity");
}

export function buildDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), `pulumi-v${PULUMI_CLI_VERSION}`);
}

/** `vX.Y.Z` as the binary reports it, or undefined when it is missing or does not run. */
export async function cliVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ["version"], { timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A `pulumi` on PATH other than .pulumi-bin's. */
export async function findPulumiOnPath(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; version: string } | undefined> {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "" || resolve(dir) === PULUMI_BIN_DIR) continue;
    const candidate = join(dir, "pulumi");
    if (!(await executable(candidate))) continue;
    const version = await cliVersion(candidate);
    if (version !== undefined) return { path: candidate, version };
  }
  return undefined;
}

export interface PulumiCli {
  /** Directory holding `pulumi` (what the Automation API's PulumiCommand takes as root/bin). */
  readonly binDir: string;
  readonly version: string;
  /** "path": the user's installed CLI and plugins; "built": .pulumi-bin with the substitute provider. */
  readonly source: "path" | "built";
}

export class PulumiMissingError extends Error {
  readonly fix = "run `npm run pulumi:build` (builds the Pulumi CLI with Go, several minutes the first time), or install Pulumi";
  constructor() {
    super("no Pulumi CLI: none on PATH and none in .pulumi-bin/");
  }
}

export async function locatePulumi(env: NodeJS.ProcessEnv = process.env): Promise<PulumiCli> {
  if (env["GRAPH_WORKLOAD_IDENTITY_PULUMI"] !== "built") {
    const onPath = await findPulumiOnPath(env);
    if (onPath !== undefined) return { binDir: dirname(onPath.path), version: onPath.version, source: "path" };
  }
  const version = await cliVersion(join(PULUMI_BIN_DIR, "pulumi"));
  if (version === undefined) throw new PulumiMissingError();
  return { binDir: PULUMI_BIN_DIR, version, source: "built" };
}

export interface EngineEnvironmentOptions {
  readonly cli: PulumiCli;
  readonly pulumiHome: string;
  /** Folders the CLI needs on PATH before its own (a staged language host). */
  readonly extraPath?: readonly string[];
  /**
   * The emulator's CA, for every process that talks to it over HTTPS: Go programs (the CLI, the
   * provider) read only SSL_CERT_FILE, which replaces their system roots, so it names a bundle of the
   * system roots plus the CA; Node (the program, verify) adds NODE_EXTRA_CA_CERTS to its own roots.
   */
  readonly trust?: { readonly caFile: string; readonly bundleFile: string };
}

/**
 * The CLI's environment: no update check, no plugin downloads (every plugin a run needs is installed
 * into its plugin cache first, see stack.ts), a PULUMI_HOME of the run's own, and this process's
 * Node.js first on PATH, so that the language host starts the program on the same Node (24 here,
 * whatever the machine's own is).
 */
export function pulumiEnvironment(options: EngineEnvironmentOptions, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const path = [options.cli.binDir, ...(options.extraPath ?? []), dirname(process.execPath), base["PATH"] ?? ""];
  const env: Record<string, string> = {
    PULUMI_HOME: options.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: path.filter((dir) => dir !== "").join(delimiter),
  };
  if (options.trust !== undefined) {
    env["SSL_CERT_FILE"] = options.trust.bundleFile;
    env["NODE_EXTRA_CA_CERTS"] = options.trust.caFile;
  }
  return env;
}
