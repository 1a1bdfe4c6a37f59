// Pure planning for the local runner: what a registration means given the last state (create,
// same, update, replace), and in which order deletions go. No I/O; unit-tested in test/local.
// Same rules as Pulumi's engine with the provider's diff: ignoreChanges keeps old values,
// replaceOnChanges and the provider's force-new properties replace, anything else updates in place.

import type { RegisterRequest } from "./protocol.ts";
import type { ResourceEntry } from "./state.ts";

export type StepKind = "create" | "same" | "update" | "replace";

/** The provider's view of a type: which input changes cannot be applied in place. */
export interface DiffRules {
  /** "all": every change replaces (immutable objects: passwords, role assignments). */
  readonly replaceOn: readonly string[] | "all";
}

export interface Decision {
  readonly kind: StepKind;
  /** Top-level input keys whose values differ from the last state (after ignoreChanges). */
  readonly changed: readonly string[];
  /** The inputs to act on: the new ones, with ignored keys taken from the last state. */
  readonly inputs: Record<string, unknown>;
}

/** JSON with sorted keys: equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Keys whose values differ; a key that is absent on one side and null/undefined on the other is equal. */
export function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => canonical(olds[k]) !== canonical(news[k])).sort();
}

/**
 * ignoreChanges: "*" keeps every old input; "a" or "a.b[0]" keeps the whole top-level input "a"
 * (coarser than Pulumi for nested paths: it may ignore more, never less, than asked).
 */
export function applyIgnoreChanges(olds: Record<string, unknown>, news: Record<string, unknown>, ignore: readonly string[]): Record<string, unknown> {
  if (ignore.includes("*")) return { ...olds };
  const result = { ...news };
  for (const path of ignore) {
    const top = /^[^.[]+/.exec(path)?.[0];
    if (top === undefined) continue;
    if (top in olds) result[top] = olds[top];
    else delete result[top];
  }
  return result;
}

/** The last state's entry for this registration: same URN, else one of its aliases. */
export function findPrevious(resources: readonly ResourceEntry[], request: Pick<RegisterRequest, "urn" | "aliases" | "type">): ResourceEntry | undefined {
  const live = resources.filter((r) => r.pendingDelete !== true && r.type === request.type);
  return live.find((r) => r.urn === request.urn) ?? live.find((r) => request.aliases.includes(r.urn));
}

export function decide(previous: ResourceEntry | undefined, request: RegisterRequest, rules: DiffRules): Decision {
  if (previous === undefined) return { kind: "create", changed: [], inputs: request.inputs };
  const inputs = applyIgnoreChanges(previous.inputs, request.inputs, request.ignoreChanges);
  const changed = changedKeys(previous.inputs, inputs);
  if (!request.custom) return { kind: "same", changed, inputs };
  if (changed.length === 0) return { kind: "same", changed, inputs };
  const forceNew = rules.replaceOn === "all" || changed.some((k) => rules.replaceOn.includes(k) || request.replaceOnChanges.includes(k) || request.replaceOnChanges.includes("*"));
  return { kind: forceNew ? "replace" : "update", changed, inputs };
}

/**
 * Deletion order: a resource goes before everything it depends on (its dependencies and its
 * parent), i.e. reverse dependency order; ties keep reverse registration order, as Pulumi does.
 * Dependencies outside the set being deleted are ignored.
 */
export function deletionOrder(entries: readonly ResourceEntry[]): ResourceEntry[] {
  const key = (e: ResourceEntry) => `${e.urn}\u0000${e.id}`;
  const byUrn = new Map<string, ResourceEntry[]>();
  for (const e of entries) byUrn.set(e.urn, [...(byUrn.get(e.urn) ?? []), e]);
  // dependents.get(x) = entries that must be deleted before x.
  const dependents = new Map<string, ResourceEntry[]>();
  for (const e of entries) {
    for (const dep of new Set([...e.dependencies, e.parent])) {
      for (const target of byUrn.get(dep) ?? []) {
        if (target === e) continue;
        dependents.set(key(target), [...(dependents.get(key(target)) ?? []), e]);
      }
    }
  }
  const ordered: ResourceEntry[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (e: ResourceEntry): void => {
    const k = key(e);
    if (state.get(k) === "done") return;
    // A cycle cannot come from Pulumi (dependencies must exist first); break it rather than loop.
    if (state.get(k) === "visiting") return;
    state.set(k, "visiting");
    for (const d of dependents.get(k) ?? []) visit(d);
    state.set(k, "done");
    ordered.push(e);
  };
  for (const e of [...entries].reverse()) visit(e);
  return ordered;
}
