// Writing responses in Microsoft's wire shapes: the token endpoint's AADSTS errors and Graph's
// JSON and error bodies, with the headers real clients look at.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { format } from "../errors.ts";
import type { AadstsDefinition, GraphErrorDefinition } from "../errors.ts";

export const JSON_UTF8 = "application/json; charset=utf-8";
export const GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Per-request identifiers and the emulator time the request is served at. */
export interface RequestContext {
  requestId: string;          // Graph `request-id`, Entra `trace_id`
  clientRequestId: string;    // echoed from the client when it sent one (Entra: correlation id)
  at: number;                 // emulator clock, epoch ms
  /** Set by a Graph handler that read a JSON body: its top-level property names (for the request log). */
  bodyKeys?: string[];
}

export function createRequestContext(req: IncomingMessage, at: number): RequestContext {
  const requestId = randomUUID();
  const sent = req.headers["client-request-id"];
  const clientRequestId = typeof sent === "string" && sent.length > 0 && sent.length <= 100 ? sent : randomUUID();
  return { requestId, clientRequestId, at };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": JSON_UTF8, "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

const entraTimestamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace("T", " ") + "Z";

/** The token endpoint's no-cache headers, on successes and errors alike. */
export function entraHeaders(ctx: RequestContext): Record<string, string> {
  return {
    "Cache-Control": "no-store, no-cache",
    Pragma: "no-cache",
    "x-ms-request-id": ctx.requestId,
    "client-request-id": ctx.clientRequestId,
  };
}

export function aadstsBody(definition: AadstsDefinition, args: readonly string[], ctx: RequestContext): Record<string, unknown> {
  const timestamp = entraTimestamp(ctx.at);
  const message = format(definition.message, args);
  return {
    error: definition.error,
    error_description: `AADSTS${definition.code}: ${message}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${ctx.clientRequestId}\r\nTimestamp: ${timestamp}`,
    error_codes: [definition.code],
    timestamp,
    trace_id: ctx.requestId,
    correlation_id: ctx.clientRequestId,
    error_uri: `https://login.microsoftonline.com/error?code=${definition.code}`,
  };
}

export function sendAadsts(
  res: ServerResponse, ctx: RequestContext, definition: AadstsDefinition, args: readonly string[] = [],
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, definition.status, aadstsBody(definition, args, ctx), { ...entraHeaders(ctx), ...extraHeaders });
}

export function graphHeaders(ctx: RequestContext): Record<string, string> {
  return { "request-id": ctx.requestId, "client-request-id": ctx.clientRequestId, "Cache-Control": "no-cache" };
}

export function graphErrorBody(definition: GraphErrorDefinition, args: readonly string[], ctx: RequestContext): Record<string, unknown> {
  return {
    error: {
      code: definition.code,
      message: format(definition.message, args),
      innerError: {
        date: new Date(ctx.at).toISOString().slice(0, 19),
        "request-id": ctx.requestId,
        "client-request-id": ctx.clientRequestId,
      },
    },
  };
}

export function sendGraphError(
  res: ServerResponse, ctx: RequestContext, definition: GraphErrorDefinition, args: readonly string[] = [],
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, definition.status, graphErrorBody(definition, args, ctx), { ...graphHeaders(ctx), ...extraHeaders });
}

export function sendGraphJson(res: ServerResponse, ctx: RequestContext, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, { ...graphHeaders(ctx), ...extraHeaders });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": GRAPH_JSON, "Content-Length": Buffer.byteLength(text), ...graphHeaders(ctx), ...extraHeaders });
  res.end(text);
}
