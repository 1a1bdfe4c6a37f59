// Pulumi.yaml documents the config the program reads, and Pulumi.dev.yaml is a valid example stack.
// Both files are simple enough to read line by line (no YAML dependency for two files we write).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, DEFAULTS, parseConfig } from "../../infra/config.ts";

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../${name}`, import.meta.url)), "utf8");
const project = read("Pulumi.yaml");
const devStack = read("Pulumi.dev.yaml");

/** `config:` block of Pulumi.yaml → key → its `default:` line (raw text), or undefined. */
function declaredConfig(text: string): Map<string, string | undefined> {
  const declared = new Map<string, string | undefined>();
  const lines = text.slice(text.indexOf("\nconfig:\n")).split("\n").slice(2);
  let current: string | undefined;
  for (const line of lines) {
    const key = /^ {2}([A-Za-z]+):\s*$/.exec(line);
    if (key?.[1] !== undefined) {
      current = key[1];
      declared.set(current, undefined);
      continue;
    }
    const def = /^ {4}default: (.*)$/.exec(line);
    if (def?.[1] !== undefined && current !== undefined) declared.set(current, def[1]);
  }
  return declared;
}

/** Pulumi.<stack>.yaml keys of the project namespace → values as Pulumi hands them to the program. */
function stackConfig(text: string, namespace: string): Record<string, string> {
  const raw: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  let list: string | undefined;
  for (const line of text.split("\n")) {
    const item = /^ {4}- (.+)$/.exec(line);
    if (item?.[1] !== undefined && list !== undefined) {
      lists[list]?.push(item[1]);
      continue;
    }
    const kv = new RegExp(`^ {2}${namespace}:([A-Za-z]+):\\s*(.*)$`).exec(line);
    list = undefined;
    if (kv?.[1] === undefined) continue;
    if (kv[2] === "") {
      list = kv[1];
      lists[list] = [];
    } else raw[kv[1]] = kv[2] ?? "";
  }
  for (const [k, v] of Object.entries(lists)) raw[k] = JSON.stringify(v);
  return raw;
}

describe("Pulumi.yaml", () => {
  it("runs infra/ with Node's own type stripping", () => {
    expect(project).toMatch(/^name: graph-workload-identity$/m);
    expect(project).toMatch(/^main: infra\/$/m);
    expect(project).toMatch(/^ {4}typescript: false$/m);
  });

  it("declares exactly the keys the program reads", () => {
    expect([...declaredConfig(project).keys()].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it("gives every key a default, matching the program's; the required permissions an empty one the program refuses", () => {
    const declared = declaredConfig(project);
    for (const key of CONFIG_KEYS) expect(declared.get(key), key).toBeDefined();
    // So the Pulumi CLI does not stop first with "missing configuration value" (no file named, no other problem).
    expect(declared.get("permissions")).toBe("[]");
    expect(() => parseConfig({ permissions: "[]" }, { project: "graph-workload-identity", stack: "qa" })).toThrow(/Pulumi\.qa\.yaml/);
    expect(declared.get("displayName")).toBe(JSON.stringify(DEFAULTS.displayName));
    expect(declared.get("secretLifetimeDays")).toBe(String(DEFAULTS.secretLifetimeDays));
    expect(declared.get("rotationDays")).toBe(String(DEFAULTS.rotationDays));
    expect(declared.get("verifyOnDeploy")).toBe(DEFAULTS.verifyOnDeploy);
  });

  it("declares defaults that, applied by Pulumi, mean exactly what leaving every key unset means", () => {
    const context = { project: "graph-workload-identity", stack: "dev", environment: "public" };
    const permissions = '["User.Read.All"]';
    const applied: Record<string, string> = { permissions };
    for (const [key, text] of declaredConfig(project)) {
      // YAML scalars as Pulumi hands them to the program: quoted strings unquoted, the rest as written.
      if (text !== undefined && key !== "permissions") applied[key] = text.startsWith('"') ? (JSON.parse(text) as string) : text;
    }
    expect(applied["secretLifetimeDays"]).toBe("0");
    expect(parseConfig(applied, context)).toEqual(parseConfig({ permissions }, context));
  });
});

describe("Pulumi.dev.yaml", () => {
  it("is a valid stack config", () => {
    const raw = stackConfig(devStack, "graph-workload-identity");
    expect(raw["permissions"]).toBe('["User.Read.All","Group.Read.All"]');
    const spec = parseConfig(raw, { project: "graph-workload-identity", stack: "dev", environment: "public" });
    expect(spec.permissions).toEqual(["User.Read.All", "Group.Read.All"]);
    expect([spec.rotationDays, spec.secretLifetimeDays]).toEqual([90, 194]);
  });

  it("holds no secret", () => {
    expect(devStack).not.toMatch(/secure:|clientSecret|password/i);
  });
});
