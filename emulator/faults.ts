// Injected faults: deterministic (counted by skip/times, selected by route and path pattern),
// never random, so a test can rely on exactly which request fails and how.
import { EmulatorError } from "./errors.ts";
import type { FaultSpec, RequestRoute } from "./types.ts";

interface FaultEntry {
  id: string;
  spec: FaultSpec;
  pattern?: RegExp;
  skip: number;
  times: number;          // Infinity = always
  seen: number;
  applied: number;
}

export interface FaultDecision {
  latencyMs: number;
  /** The fault that decides the response, if any (latency faults only delay). */
  terminal?: { id: string; spec: FaultSpec };
  latencyIds: string[];
}

export interface Faults {
  add(spec: FaultSpec): string;
  clear(): void;
  decide(route: RequestRoute, path: string): FaultDecision;
}

const ROUTES = new Set(["token", "graph", "discovery", "keys", "any"]);
const KINDS = new Set(["status", "latency", "reset", "malformed-json", "truncated", "html"]);

function invalid(message: string): never {
  throw new EmulatorError("INVALID_FAULT", message);
}

function validate(spec: FaultSpec): { pattern?: RegExp; skip: number; times: number } {
  if (spec === null || typeof spec !== "object") invalid("a fault must be an object like {route, kind, ...}");
  if (!ROUTES.has(spec.route)) invalid(`fault route '${String(spec.route)}' is not one of token, graph, discovery, keys, any`);
  if (!KINDS.has(spec.kind)) invalid(`fault kind '${String(spec.kind)}' is not one of ${[...KINDS].join(", ")}`);
  const skip = spec.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) invalid(`fault skip ${String(spec.skip)} must be a whole number >= 0`);
  const rawTimes = spec.times ?? 1;
  const times = rawTimes === -1 || rawTimes === Infinity ? Infinity : rawTimes;
  if (times !== Infinity && (!Number.isInteger(times) || times < 1)) invalid(`fault times ${String(spec.times)} must be a whole number >= 1, or -1 for always`);
  if (spec.kind === "status" && (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599)) {
    invalid(`fault status ${String(spec.status)} must be an HTTP error status (400-599)`);
  }
  if (spec.kind === "status" && spec.retryAfterSeconds !== undefined && (!Number.isInteger(spec.retryAfterSeconds) || spec.retryAfterSeconds < 0)) {
    invalid(`fault retryAfterSeconds ${String(spec.retryAfterSeconds)} must be a whole number >= 0`);
  }
  if (spec.kind === "latency" && (!Number.isFinite(spec.ms) || spec.ms < 0)) invalid(`fault latency ms ${String(spec.ms)} must be a finite number >= 0`);
  if (spec.kind === "html" && spec.status !== undefined && spec.status !== 502 && spec.status !== 503) invalid("html fault status must be 502 or 503");
  let pattern: RegExp | undefined;
  if (spec.pathPattern !== undefined) {
    try {
      pattern = new RegExp(spec.pathPattern);
    } catch {
      invalid(`fault pathPattern '${spec.pathPattern}' is not a valid regular expression`);
    }
  }
  return { pattern, skip, times };
}

export function createFaults(): Faults {
  let entries: FaultEntry[] = [];
  let counter = 0;
  return {
    add(spec) {
      const checked = validate(spec);
      const id = `fault-${++counter}`;
      entries.push({ id, spec: { ...spec }, ...checked, seen: 0, applied: 0 });
      return id;
    },
    clear() {
      entries = [];
    },
    decide(route, path) {
      const decision: FaultDecision = { latencyMs: 0, latencyIds: [] };
      if (route === "control" || route === "issuer" || route === "other") return decision;
      for (const entry of entries) {
        if (entry.spec.route !== "any" && entry.spec.route !== route) continue;
        if (entry.pattern && !entry.pattern.test(path)) continue;
        entry.seen++;
        if (entry.seen <= entry.skip || entry.applied >= entry.times) continue;
        if (entry.spec.kind === "latency") {
          entry.applied++;
          decision.latencyMs += entry.spec.ms;
          decision.latencyIds.push(entry.id);
        } else if (!decision.terminal) {
          entry.applied++;
          decision.terminal = { id: entry.id, spec: entry.spec };
        }
      }
      return decision;
    },
  };
}
