// A stack of a baseline program, set up as engine/stack.ts sets up the project's: the same CLI, the same language host choice (the real pulumi-language-nodejs on a
// project folder whose `main` is absolute, or the Automation API's inline runtime), the same file
// backend and PULUMI_HOME, the same environment (engine/stack.ts's engineWorkspace). Only the program
// differs, so that the difference in time is the project's program and its provider. Two baselines:
// the empty program (bench/peers/empty-program/, the targets' floor) and one that only imports
// @pulumi/pulumi and @pulumi/azuread (bench/peers/imports-program/).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation/index.js";
import type { EnginePlugins } from "../../engine/plugins.ts";
import { engineWorkspace, type EngineStackOptions } from "../../engine/stack.ts";

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

/** A project stack's options (the same state folder and PULUMI_HOME), and which baseline program runs. */
export interface BaselineStackOptions extends EngineStackOptions {
  readonly program: BaselineProgram;
}

/** Pulumi.yaml of a baseline project: the project's runtime block, `main` the program's folder (dropped when inline). */
export function baselineProjectFile(program: BaselineProgram, languageHost: EnginePlugins["languageHost"]["kind"]): string {
  const project: Record<string, unknown> = { name: PROGRAMS[program].project, runtime: { name: "nodejs", options: { typescript: false } } };
  if (languageHost === "real") project["main"] = PROGRAMS[program].dir;
  return yaml.dump(project);
}

export async function openBaselineStack(options: BaselineStackOptions): Promise<Stack> {
  const workspace = await engineWorkspace(options);
  await writeFile(join(options.workDir, "Pulumi.yaml"), baselineProjectFile(options.program, options.plugins.languageHost.kind));
  if (options.plugins.languageHost.kind === "real") {
    return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, workDir: options.workDir }, workspace);
  }
  const { project, inline } = PROGRAMS[options.program];
  return LocalWorkspace.createOrSelectStack({ stackName: options.stackName, projectName: project, program: inline }, workspace);
}
