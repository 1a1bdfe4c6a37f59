// Stack configuration as the Pulumi CLI hands it to a program: Pulumi.<stack>.yaml, plus the
// defaults declared in Pulumi.yaml's `config:` block (which the mock runtime does not apply).
// Values become strings; lists and objects become JSON, as `pulumi config` stores them.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { load } from "js-yaml";
import { LocalRunError } from "./errors.ts";

export interface StackConfig {
  readonly project: string;
  /** Full keys (`project:key`, `azuread:environment`) → string values. */
  readonly values: Record<string, string>;
  /** Absolute path of the program's entry module (Pulumi.yaml `main`, index.ts inside a folder). */
  readonly program: string;
}

type Yaml = Record<string, unknown>;

async function readYaml(file: string, required: boolean): Promise<Yaml> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new LocalRunError("CONFIG_UNREADABLE", `${file} cannot be read (${(error as Error).message})`, "run from the repository root, next to Pulumi.yaml");
  }
  const parsed = load(text, { filename: file });
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new LocalRunError("CONFIG_UNREADABLE", `${file} is not a YAML mapping`, "fix the file");
  return parsed as Yaml;
}

export function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `key` → `project:key`; keys that already name a namespace stay as they are. */
export function fullKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` in `projectDir`. `overrides` (keys with or without
 * the project namespace; any JSON value) win over the file, like `pulumi config set` before `up`.
 */
export async function readStackConfig(projectDir: string, stack: string, overrides: Readonly<Record<string, unknown>> = {}): Promise<StackConfig> {
  const project = await readYaml(join(projectDir, "Pulumi.yaml"), true);
  const name = project["name"];
  if (typeof name !== "string") throw new LocalRunError("CONFIG_UNREADABLE", "Pulumi.yaml has no project name", "add `name:`");
  const values: Record<string, string> = {};
  const declared = (project["config"] ?? {}) as Yaml;
  for (const [key, spec] of Object.entries(declared)) {
    if (typeof spec === "object" && spec !== null && "default" in spec) values[fullKey(name, key)] = configString((spec as Yaml)["default"]);
  }
  const stackFile = await readYaml(join(projectDir, `Pulumi.${stack}.yaml`), false);
  for (const [key, value] of Object.entries((stackFile["config"] ?? {}) as Yaml)) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new LocalRunError("CONFIG_UNREADABLE", `Pulumi.${stack}.yaml: ${key} is an encrypted secret`, "the local runner cannot decrypt Pulumi secrets; pass the value as an override instead");
    }
    values[fullKey(name, key)] = configString(value);
  }
  for (const [key, value] of Object.entries(overrides)) values[fullKey(name, key)] = configString(value);
  const main = typeof project["main"] === "string" ? project["main"] : ".";
  const program = main.endsWith(".ts") || main.endsWith(".js") ? join(projectDir, main) : join(projectDir, main, "index.ts");
  return { project: name, values, program };
}
