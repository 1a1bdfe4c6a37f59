// Readers for raw Pulumi config values. Pulumi hands a program every value as a string; lists and
// objects (YAML sequences/maps in Pulumi.<stack>.yaml, or `pulumi config set --path`) arrive as JSON.
// Readers never throw: they record problems and return undefined, so every problem is reported at once.

import type { ConfigProblem, ConfigProblemCode } from "./errors.ts";

export class ProblemList {
  readonly items: ConfigProblem[] = [];
  readonly #secretKeys: ReadonlySet<string>;

  /** `secretKeys`: top-level keys set with `--secret`; their values are never echoed back. */
  constructor(secretKeys: ReadonlySet<string> = new Set()) {
    this.#secretKeys = secretKeys;
  }

  add(
    key: string,
    code: ConfigProblemCode,
    value: unknown,
    problem: string,
    fix: string,
    suggestions?: readonly string[],
  ): void {
    const topKey = key.split(/[.[]/, 1)[0] ?? key;
    const entry: ConfigProblem = {
      key,
      code,
      problem,
      fix,
      ...(value === undefined ? {} : { value: this.#secretKeys.has(topKey) ? "[secret]" : display(value) }),
      ...(suggestions !== undefined && suggestions.length > 0 ? { suggestions } : {}),
    };
    this.items.push(entry);
  }
}

export function display(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** Parses a list/object value; a bare word (not JSON) is returned as the string itself. */
export function parseStructured(key: string, raw: string, problems: ProblemList): { ok: true; value: unknown } | { ok: false } {
  const text = raw.trim();
  if (!text.startsWith("[") && !text.startsWith("{") && !text.startsWith('"')) return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    problems.add(key, "INVALID_JSON", raw, "is not valid JSON.", "write it as a YAML list/map in Pulumi.<stack>.yaml, or use `pulumi config set --path`.");
    return { ok: false };
  }
}

export interface StringListOptions {
  /** Example entry for fix messages. */
  readonly example: string;
  /** Compare entries for duplicates after this normalisation (default: lower case). */
  readonly normalise?: (s: string) => string;
}

/** One usable entry of a list, with its position as the user wrote it (for keys like `permissions[2]`). */
export interface IndexedEntry {
  readonly index: number;
  readonly value: string;
}

/**
 * A list of non-empty strings without duplicates, each entry with its position as written. Returns
 * undefined when unusable (problems recorded); entries with problems are dropped from the result.
 */
export function readStringList(
  key: string,
  raw: string,
  problems: ProblemList,
  options: StringListOptions,
): IndexedEntry[] | undefined {
  if (raw.trim() === "") return [];
  const parsed = parseStructured(key, raw, problems);
  if (!parsed.ok) return undefined;
  const fixList = `set a list, e.g. \`pulumi config set --path '${key}[0]' ${options.example}\`.`;
  if (!Array.isArray(parsed.value)) {
    problems.add(key, "WRONG_TYPE", raw, `must be a list of strings, not ${typeName(parsed.value)}.`, fixList);
    return undefined;
  }
  const normalise = options.normalise ?? ((s: string) => s.toLowerCase());
  const seen = new Map<string, number>();
  const result: IndexedEntry[] = [];
  parsed.value.forEach((entry: unknown, i: number) => {
    const at = `${key}[${i}]`;
    if (typeof entry !== "string") {
      problems.add(at, "WRONG_TYPE", entry, `must be a string, not ${typeName(entry)}.`, `write ${options.example}-style names as strings.`);
      return;
    }
    if (entry.trim() === "") {
      problems.add(at, "EMPTY", entry, "is empty.", "remove the empty entry.");
      return;
    }
    const norm = normalise(entry);
    const first = seen.get(norm);
    if (first !== undefined) {
      problems.add(at, "DUPLICATE", entry, `repeats ${key}[${first}] (compared ignoring case).`, "list each entry once.");
      return;
    }
    seen.set(norm, i);
    result.push({ index: i, value: entry });
  });
  return result;
}

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** A whole number within a range, written as Pulumi stores it (a decimal string). */
export function readInteger(key: string, raw: string, range: IntegerRange, problems: ProblemList): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    problems.add(key, "NOT_INTEGER", raw, `must be a whole number of ${range.unit}.`, `set a number from ${range.min} to ${range.max}.`);
    return undefined;
  }
  const n = Number(text);
  if (n < range.min || n > range.max) {
    problems.add(key, "OUT_OF_RANGE", raw, `must be from ${range.min} to ${range.max} ${range.unit}.`, `set a number from ${range.min} to ${range.max}.`);
    return undefined;
  }
  return n;
}
