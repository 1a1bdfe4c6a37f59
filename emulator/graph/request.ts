// What a Graph handler receives and returns.
import type { IncomingMessage } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { GRAPH, GraphFailure } from "../errors.ts";
import { readBody } from "../http/body.ts";
import { bodyLimit } from "../http/limits.ts";
import type { RequestContext } from "../http/respond.ts";
import type { GraphCaller } from "./auth.ts";
import { parseDateTimeOffset } from "./dates.ts";
import type { SentDate } from "./dates.ts";

export interface GraphRequest {
  emulator: EmulatorContext;
  req: IncomingMessage;
  url: URL;
  ctx: RequestContext;
  caller: GraphCaller;
  /** Key from an `entity(appId='…')` or `entity/{id}` segment. */
  key: EntityKey | undefined;
  /** Id of a child item (`…/federatedIdentityCredentials/{id}`, `…/appRoleAssignedTo/{id}`). */
  childId: string | undefined;
}

export type EntityKey = { by: "id"; value: string } | { by: "appId"; value: string };

export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type GraphHandler = (request: GraphRequest) => GraphResult | Promise<GraphResult>;

/** Parses a JSON object body, answering Graph's 400 for anything else. */
export async function jsonBody(request: GraphRequest): Promise<Record<string, unknown>> {
  const raw = (await readBody(request.req, bodyLimit("graph"))).toString("utf8");
  if (raw.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      request.ctx.bodyKeys = Object.keys(parsed).sort();
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new GraphFailure(GRAPH.BAD_REQUEST, "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
}

export function requireKey(request: GraphRequest): EntityKey {
  if (!request.key) throw new GraphFailure(GRAPH.BAD_REQUEST, "A key is required to address this resource.");
  return request.key;
}

/**
 * Parses a DateTimeOffset property strictly (graph/dates.ts): its milliseconds and the text Graph
 * answers with; undefined when absent or null.
 */
export function dateProperty(value: unknown, name: string, type: string): SentDate | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === "string" ? parseDateTimeOffset(value) : undefined;
  if (!parsed) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${type}'.`);
  return parsed;
}

export function stringProperty(value: unknown, name: string, type: string, options: { required?: boolean; nullable?: boolean } = {}): string | null | undefined {
  if (value === undefined) {
    if (options.required) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${type}'.`);
    return undefined;
  }
  if (value === null && options.nullable && !options.required) return null;
  if (typeof value !== "string" || (options.required && value.trim() === "")) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${type}'.`);
  }
  return value;
}

export function stringArrayProperty(value: unknown, name: string, type: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property '${name}' of resource '${type}'.`);
  }
  return value as string[];
}
