// Every request served, in arrival order: method, path (never the query or body, so secrets
// sent by mistake in a query string are not kept), status, route, emulator time.
import type { RequestLogEntry } from "./types.ts";

const MAX_ENTRIES = 10_000;

export interface RequestLog {
  record(entry: RequestLogEntry): RequestLogEntry;
  entries(): RequestLogEntry[];
  clear(): void;
}

export function createRequestLog(): RequestLog {
  let list: RequestLogEntry[] = [];
  return {
    record(entry) {
      list.push(entry);
      // Trimmed once it holds twice the limit, not on every request past it: copying 10 000
      // entries per request cost more than the rest of serving a token.
      if (list.length >= 2 * MAX_ENTRIES) list = list.slice(-MAX_ENTRIES);
      return entry;
    },
    entries: () => list.slice(-MAX_ENTRIES).map((entry) => ({ ...entry })),
    clear() {
      list = [];
    },
  };
}
