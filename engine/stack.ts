// A stack of this project on the real Pulumi CLI, through Pulumi's Automation API: `pulumi login` to a
// file backend, `stack init`, `config set [--secret]`, `up` / `preview` / `destroy` — the commands a
// user types, run by the CLI itself. The program runs in this process on Pulumi's own Node.js
// language runtime (an Automation API inline program, connected to the CLI with `--client`), so no
// pulumi-language-nodejs binary is needed.

import { execFile } from "node:child_process";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { delimiter, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation/index.js";
import { program } from "../infra/program.ts";
import { SUBSTITUTE_FOR_VERSION } from "./azuread-provider/version.ts";
import { pulumiEnvironment, REPO_ROOT, SUBSTITUTE_PROVIDER, type PulumiCli } from "./pulumi-cli.ts";

export const PROJECT = "graph-workload-identity";

export interface EngineStackOptions {
  readonly cli: PulumiCli;
  /** The file backend (`pulumi login file://…`): state, one JSON checkpoint per stack. */
  readonly stateDir: string;
  /** The project folder of this run: a copy of Pulumi.yaml and the stack's Pulumi.<stack>.yaml. */
  readonly workDir: string;
  readonly stackName: string;
  /** Encrypts the stack's secrets (secrets provider "passphrase"). */
  readonly passphrase: string;
  /** More environment for the CLI and its plugins (CA trust for the emulator, for example). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Config values as `pulumi config set [--secret] [--path]` takes them; a list becomes a YAML list. */
export type StackConfig = Readonly<Record<string, { value: string | readonly string[]; secret?: boolean }>>;

/**
 * `pulumi plugin install resource azuread <version> --file …`: the substitute provider goes into the
 * run's own plugin cache under the version the @pulumi/azuread SDK asks for, once per PULUMI_HOME.
 */
async function installSubstituteProvider(cli: PulumiCli, env: Record<string, string>): Promise<void> {
  const installed = join(env["PULUMI_HOME"] ?? "", "plugins", `resource-azuread-v${SUBSTITUTE_FOR_VERSION}`, "pulumi-resource-azuread");
  if (await access(installed).then(() => true, () => false)) return;
  await promisify(execFile)(join(cli.binDir, "pulumi"), ["plugin", "install", "resource", "azuread", SUBSTITUTE_FOR_VERSION, "--file", SUBSTITUTE_PROVIDER], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

export async function openEngineStack(options: EngineStackOptions): Promise<Stack> {
  await mkdir(options.stateDir, { recursive: true });
  await mkdir(options.workDir, { recursive: true });
  // The project's own Pulumi.yaml: its config declarations and defaults apply, as for `pulumi up`.
  // Only `main` goes: the program runs inline here, and the CLI checks that `main` exists.
  const project = yaml.load(await readFile(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  delete project["main"];
  await writeFile(join(options.workDir, "Pulumi.yaml"), yaml.dump(project));
  // The Automation API finds `pulumi` on this process's PATH.
  if (!(process.env["PATH"] ?? "").split(delimiter).includes(options.cli.binDir)) {
    process.env["PATH"] = `${options.cli.binDir}${delimiter}${process.env["PATH"] ?? ""}`;
  }
  const pulumiCommand = await PulumiCommand.get();
  const envVars = {
    ...pulumiEnvironment(options.cli, join(options.stateDir, ".pulumi-home")),
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    ...options.env,
  };
  if (options.cli.source === "built") await installSubstituteProvider(options.cli, envVars);
  return LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: PROJECT, program },
    { workDir: options.workDir, pulumiCommand, envVars, secretsProvider: "passphrase" },
  );
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
