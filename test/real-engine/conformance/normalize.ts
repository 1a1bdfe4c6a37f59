// The Graph traffic of one engine operation, in a form two providers can be compared on: per
// request path (object ids as `{id}`), the requests in arrival order as `METHOD ?query-keys {body-keys}
// → status`. Pure.
//
// Why per path and not one global list: the engine runs independent resources in parallel, so the
// interleaving of two resources' requests changes from run to run; the order of the requests on one
// object does not. Repeats of one line in a row are one line: how often a provider polls until Graph
// has replicated an object is timing (the sleeps), not behaviour.

import type { RequestLogEntry } from "../../../emulator/index.ts";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export type OperationTraffic = Record<string, string[]>;

export function requestLine(entry: Pick<RequestLogEntry, "method" | "status" | "bodyKeys" | "queryKeys">): string {
  const query = entry.queryKeys === undefined || entry.queryKeys.length === 0 ? "" : ` ?${entry.queryKeys.join("&")}`;
  const body = entry.bodyKeys === undefined ? "" : ` {${entry.bodyKeys.join(",")}}`;
  return `${entry.method}${query}${body} → ${entry.status}`;
}

/** Role assignment ids are not UUIDs (Graph makes them from the principal's id). */
const ASSIGNMENT_ID = /\/(appRoleAssignedTo|appRoleAssignments)\/[^/$][^/]*/g;

export const pathFamily = (path: string): string => path.replace(UUID, "{id}").replace(ASSIGNMENT_ID, "/$1/{id}");

/** Graph requests only (the token and metadata requests are the sign-in, compared elsewhere). */
export function normalizeTraffic(entries: readonly RequestLogEntry[]): OperationTraffic {
  const byPath = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.route !== "graph") continue;
    const family = pathFamily(entry.path);
    const lines = byPath.get(family) ?? [];
    const line = requestLine(entry);
    if (lines[lines.length - 1] !== line) lines.push(line);
    byPath.set(family, lines);
  }
  return Object.fromEntries([...byPath.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Human-readable differences, empty when the two match. */
export function trafficDifferences(operation: string, expected: OperationTraffic, actual: OperationTraffic): string[] {
  const paths = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const differences: string[] = [];
  for (const path of paths) {
    const want = expected[path] ?? [];
    const got = actual[path] ?? [];
    if (want.join("\n") !== got.join("\n")) differences.push(`${operation} ${path}\n  recorded:   ${want.join(" ; ") || "(none)"}\n  substitute: ${got.join(" ; ") || "(none)"}`);
  }
  return differences;
}
