// A stack of a baseline program, set up as engine/stack.ts sets up the project's: the same CLI, the same language host choice (the real pulumi-language-nodejs on a
// project folder whose `main` is absolute, or the Automation API's inline runtime), the same file
// backend and PULUMI_HOME, the same environment. Only the program differs, so that the difference
// in time is the project's program and its provider. Two baselines: the empty program
// (bench/peers/empty-program/, the targets' floor) and one that only imports @pulumi/pulumi and
// @pulumi/azuread (bench/peers/imports-program/).
//
// engine/stack.ts builds that environment inline in openEngineStack; it is rebuilt here from the same
// pieces (pulumiEnvironment) because the bench may not change engine/.
import { mkdir, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { LocalWorkspace, PulumiCommand, type LocalWorkspaceOptions, type Stack } from "@pulumi/pulumi/automation/index.js";
import type { EmulatorTrustFiles } from "../../engine/emulator-tls.ts";
import type { EnginePlugins } from "../../engine/plugins.ts";
import { pulumiEnvironment, type PulumiCli } from "../../engine/pulumi-cli.ts";

export type BaselineProgram = "empty" | "imports";

const PROGRAMS: Record<BaselineProgram, { project: string; dir: string; inline: () => Promise<Record<string, never>> }> = {
  empty: { project: "bench-empty-program", dir: fileURLToPath(new URL("../peers/empty-program/", import.meta.url)), inline: async () => ({}) },
  imports: {
    project: "bench-imports-program",
    dir: fileURLToPath(new URL("../peers/imports-program/", import.meta.url)),
    inline: async () => {
      await import("@pulumi/pulumi");
      await import("@pulumi/azuread");
      return {};
    },
  },
};

export interface BaselineStackOptions {
  readonly cli: PulumiCli;
  readonly plugins: EnginePlugins;
  /** The project stack's file backend: the same state folder and PULUMI_HOME. */
  readonly stateDir: string;
  readonly workDir: string;
  readonly stackName: string;
  readonly passphrase: string;
  readonly trust?: EmulatorTrustFiles;
  readonly program: BaselineProgram;
}

/** Pulumi.yaml of a baseline project: the project's runtime block, `main` the program's folder (dropped when inline). */
export function baselineProjectFile(program: BaselineProgram, languageHost: EnginePlugins["languageHost"]["kind"]): string {
  const project: Record<string, unknown> = { name: PROGRAMS[program].project, runtime: { name: "nodejs", options: { typescript: false } } };
  if (languageHost === "real") project["main"] = PROGRAMS[program].dir;
  return yaml.dump(project);
}

export async function openBaselineStack(options: BaselineStackOptions): Promise<Stack> {
  await mkdir(options.workDir, { recursive: true });
  await writeFile(join(options.workDir, "Pulumi.yaml"), baselineProjectFile(options.program, options.plugins.languageHost.kind));
  if (!(process.env["PATH"] ?? "").split(delimiter).includes(options.cli.binDir)) {
    process.env["PATH"] = `${options.cli.binDir}${delimiter}${process.env["PATH"] ?? ""}`;
  }
  const hostDir = options.plugins.languageHost.pathDir;
  const envVars = {
    ...pulumiEnvironment({ cli: options.cli, pulumiHome: join(options.stateDir, ".pulumi-home"), extraPath: hostDir ? [hostDir] : [], trust: options.trust }),
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
  };
  const workspace: LocalWorkspaceOptions = { workDir: options.workDir, pulumiCommand: await PulumiCommand.get(), envVars, secretsProvider: "passphrase" };
  if (options.plugins.languageHost.kind === "real") {
    return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, workDir: options.workDir }, workspace);
  }
  const { project, inline } = PROGRAMS[options.program];
  return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, projectName: project, program: inline }, workspace);
}
