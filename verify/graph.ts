// One read-only Microsoft Graph call with the workload's token, and Graph's error shape.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { clip } from "./clip.ts";
import { HttpStatusError } from "./errors.ts";
import { requestJson, type HttpContext } from "./http.ts";
import type { Correlation } from "./types.ts";

/** Graph's error body `{"error":{"code","message","innerError":{…}}}`; `code` is Graph's code. */
export class GraphError extends Error {
  readonly code: string;
  readonly status: number;
  readonly correlation: Correlation;
  readonly headers: IncomingHttpHeaders;
  readonly graphMessage: string;
  constructor(status: number, code: string, graphMessage: string, correlation: Correlation, headers: IncomingHttpHeaders) {
    super(`Microsoft Graph answered ${status} ${code}: ${graphMessage}`);
    this.name = "GraphError";
    this.code = code;
    this.status = status;
    this.graphMessage = graphMessage;
    this.correlation = correlation;
    this.headers = headers;
  }
}

export interface GraphGetInput {
  /** Graph's origin, e.g. https://graph.microsoft.com. */
  graphEndpoint: string;
  /** "/v1.0/…" with its query; always relative, so the token only ever goes to graphEndpoint. */
  path: string;
  accessToken: string;
}

export interface GraphGetResult {
  status: number;
  correlation: Correlation;
}

export async function graphGet(http: HttpContext, input: GraphGetInput): Promise<GraphGetResult> {
  const url = new URL(input.path, input.graphEndpoint);
  if (url.origin !== new URL(input.graphEndpoint).origin) throw new Error(`probe path ${input.path} leaves the Graph endpoint`);
  const clientRequestId = randomUUID();
  try {
    const res = await requestJson(http, {
      method: "GET",
      url,
      headers: {
        authorization: `Bearer ${input.accessToken}`,
        accept: "application/json",
        "client-request-id": clientRequestId,
        "return-client-request-id": "true",
      },
    });
    return { status: res.status, correlation: headerCorrelation(res.headers, clientRequestId) };
  } catch (err) {
    if (err instanceof HttpStatusError && err.bodyKind === "json") {
      const graph = parseGraphError(err, clientRequestId);
      if (graph) throw graph;
    }
    throw err;
  }
}

function parseGraphError(err: HttpStatusError, clientRequestId: string): GraphError | undefined {
  const outer = err.body as Record<string, unknown> | null;
  const inner = typeof outer === "object" && outer !== null ? (outer["error"] as Record<string, unknown> | undefined) : undefined;
  if (typeof inner !== "object" || inner === null || typeof inner["code"] !== "string") return undefined;
  const details = (inner["innerError"] ?? inner["innererror"]) as Record<string, unknown> | undefined;
  const correlation: Correlation = { ...headerCorrelation(err.headers, clientRequestId) };
  if (typeof details === "object" && details !== null) {
    if (typeof details["request-id"] === "string") correlation.requestId = details["request-id"];
    if (typeof details["client-request-id"] === "string") correlation.clientRequestId = details["client-request-id"];
    if (typeof details["date"] === "string") correlation.timestamp = details["date"];
  }
  const message = typeof inner["message"] === "string" ? clip(inner["message"]) : "";
  return new GraphError(err.status ?? 0, inner["code"], message, correlation, err.headers);
}

function headerCorrelation(headers: IncomingHttpHeaders, clientRequestId: string): Correlation {
  const requestId = single(headers["request-id"]);
  return { ...(requestId ? { requestId } : {}), clientRequestId: single(headers["client-request-id"]) ?? clientRequestId };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
