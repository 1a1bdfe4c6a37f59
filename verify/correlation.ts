// The support ids an error carries, whatever layer it came from.
import { HttpStatusError } from "./errors.ts";
import { GraphError } from "./graph.ts";
import { EntraError } from "./token.ts";
import type { Correlation } from "./types.ts";

export function correlationOf(err: unknown): Correlation | undefined {
  if (err instanceof EntraError || err instanceof GraphError) return err.correlation;
  if (err instanceof HttpStatusError) {
    const requestId = first(err.headers["request-id"]) ?? first(err.headers["x-ms-request-id"]);
    return requestId ? { requestId } : undefined;
  }
  return undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
