// A stack of this project on the real Pulumi CLI, through Pulumi's Automation API: `pulumi login` to a
// file backend, `stack init`, `config set [--secret]`, `up` / `preview` / `refresh` / `destroy` — the
// commands a user types, run by the CLI itself. Where a Node.js language host exists (plugins.ts),
// the program runs as users run it: the CLI launches pulumi-language-nodejs on a project folder whose
// Pulumi.yaml is the project's own, `main` pointing at this checkout's infra/ (the Automation API's
// local-program mode). Only without one does it run inline, in this process, on Pulumi's Node.js
// runtime connected to the CLI with `--client`.

import { execFile } from "node:child_process";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { delimiter, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type LocalWorkspaceOptions, type Stack } from "@pulumi/pulumi/automation/index.js";
import type { EmulatorTrustFiles } from "./emulator-tls.ts";
import type { EnginePlugins } from "./plugins.ts";
import { pulumiEnvironment, REPO_ROOT, type PulumiCli } from "./pulumi-cli.ts";
import { ensureSubstituteLauncher } from "./substitute-launcher.ts";
import { AZUREAD_PROVIDER_VERSION } from "./versions.ts";

export const PROJECT = "graph-workload-identity";

export interface EngineStackOptions {
  readonly cli: PulumiCli;
  readonly plugins: EnginePlugins;
  /** The file backend (`pulumi login file://…`): state, one JSON checkpoint per stack. */
  readonly stateDir: string;
  /** The project folder of this run: a copy of Pulumi.yaml and the stack's Pulumi.<stack>.yaml. */
  readonly workDir: string;
  readonly stackName: string;
  /** Encrypts the stack's secrets (secrets provider "passphrase"). */
  readonly passphrase: string;
  /** The run's PULUMI_HOME (plugin cache, logs); default `<stateDir>/.pulumi-home`. */
  readonly pulumiHome?: string;
  /** The emulator's CA for every process of the run (the CLI, the plugins, the program). */
  readonly trust?: EmulatorTrustFiles;
  /** More environment for the CLI and its plugins. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Config values as `pulumi config set [--secret] [--path]` takes them; a list becomes a YAML list. */
export type StackConfig = Readonly<Record<string, { value: string | readonly string[]; secret?: boolean }>>;

/**
 * `pulumi plugin install resource azuread <version> --file …`: the provider the run uses (real or
 * substitute) goes into the run's own plugin cache under the version @pulumi/azuread asks for, once
 * per PULUMI_HOME, exactly where a download would put it.
 */
async function installProvider(cli: PulumiCli, plugins: EnginePlugins, env: Record<string, string>): Promise<void> {
  const dir = join(env["PULUMI_HOME"] ?? "", "plugins", `resource-azuread-v${AZUREAD_PROVIDER_VERSION}`);
  if (await access(join(dir, "pulumi-resource-azuread")).then(() => true, () => false)) return;
  const binary = plugins.provider.kind === "substitute" ? await ensureSubstituteLauncher(plugins.provider.binary) : plugins.provider.binary;
  await promisify(execFile)(join(cli.binDir, "pulumi"), ["plugin", "install", "resource", "azuread", AZUREAD_PROVIDER_VERSION, "--file", binary], {
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
}

/** The project's Pulumi.yaml for a project folder elsewhere: `main` made absolute, or dropped for an inline program. */
export async function projectFileFor(languageHost: EnginePlugins["languageHost"]["kind"]): Promise<string> {
  const project = yaml.load(await readFile(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  if (languageHost === "real") project["main"] = join(REPO_ROOT, String(project["main"] ?? "."));
  // Inline: the CLI checks that `main` exists, and nothing is launched from it.
  else delete project["main"];
  return yaml.dump(project);
}

/**
 * The Automation API workspace of a run: the CLI on PATH, the run's environment (pulumiEnvironment,
 * the file backend, the passphrase). Shared by the project's stacks and the bench's baseline programs.
 */
export async function engineWorkspace(options: Omit<EngineStackOptions, "stackName">): Promise<LocalWorkspaceOptions & { envVars: Record<string, string> }> {
  await mkdir(options.stateDir, { recursive: true });
  await mkdir(options.workDir, { recursive: true });
  // The Automation API finds `pulumi` on this process's PATH.
  if (!(process.env["PATH"] ?? "").split(delimiter).includes(options.cli.binDir)) {
    process.env["PATH"] = `${options.cli.binDir}${delimiter}${process.env["PATH"] ?? ""}`;
  }
  const hostDir = options.plugins.languageHost.pathDir;
  const envVars = {
    ...pulumiEnvironment({ cli: options.cli, pulumiHome: options.pulumiHome ?? join(options.stateDir, ".pulumi-home"), extraPath: hostDir ? [hostDir] : [], trust: options.trust }),
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    ...options.env,
  };
  return { workDir: options.workDir, pulumiCommand: await PulumiCommand.get(), envVars, secretsProvider: "passphrase" };
}

export async function openEngineStack(options: EngineStackOptions): Promise<Stack> {
  const workspace = await engineWorkspace(options);
  // The project's own Pulumi.yaml: its config declarations and defaults apply, as for `pulumi up`.
  await writeFile(join(options.workDir, "Pulumi.yaml"), await projectFileFor(options.plugins.languageHost.kind));
  await installProvider(options.cli, options.plugins, workspace.envVars);
  if (options.plugins.languageHost.kind === "real") {
    return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, workDir: options.workDir }, workspace);
  }
  const { program } = await import("../infra/program.ts");
  // Pulumi runs a program from its project folder, and the program reads config files (certificates)
  // relative to it as it starts; inline, "the project folder" is this process's working directory, so
  // it is the run's folder while the program's synchronous start runs, and nothing longer.
  const inline = () => {
    const previous = process.cwd();
    process.chdir(options.workDir);
    try {
      return program();
    } finally {
      process.chdir(previous);
    }
  };
  return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, projectName: PROJECT, program: inline }, workspace);
}

export async function setStackConfig(stack: Stack, config: StackConfig): Promise<void> {
  for (const [key, { value, secret }] of Object.entries(config)) {
    if (typeof value === "string") {
      await stack.setConfig(key, { value, secret: secret === true });
      continue;
    }
    // `pulumi config set --path 'key[i]'`: Pulumi.yaml declares these keys as arrays, and a JSON
    // string in their place fails the CLI's type check.
    await stack.removeConfig(key);
    for (const [i, item] of value.entries()) await stack.setConfig(`${key}[${i}]`, { value: item, secret: secret === true }, true);
  }
}

/** The checkpoint file of a stack in a file backend (project-scoped stacks). */
export function checkpointPath(stateDir: string, stackName: string): string {
  return join(stateDir, ".pulumi", "stacks", PROJECT, `${stackName}.json`);
}
