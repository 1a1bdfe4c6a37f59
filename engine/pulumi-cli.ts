// Which Pulumi CLI the flow and the engine tests run, and the environment it runs in offline.
// A `pulumi` on PATH (Pulumi's installer) wins, with its own plugin resolution; otherwise the CLI
// that `npm run pulumi:build` built, from .pulumi-bin/, with the substitute azuread provider beside it.

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
/** Not on PATH (the engine would warn about an ambient plugin): installed into each run's plugin cache. */
export const SUBSTITUTE_PROVIDER = join(PULUMI_BIN_DIR, "plugins", "pulumi-resource-azuread");

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

/**
 * The CLI's environment: no update check, no plugin downloads where there is no network to reach
 * (the built CLI, whose azuread plugin is installed from .pulumi-bin), a PULUMI_HOME of the run's own.
 */
export function pulumiEnvironment(cli: PulumiCli, pulumiHome: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PULUMI_HOME: pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PATH: `${cli.binDir}${delimiter}${base["PATH"] ?? ""}`,
  };
  if (cli.source === "built") env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] = "true";
  return env;
}
