// Answering a request the emulator refuses before any handler runs (oversized body, a path that
// does not decode) in the shape of the route it was sent to: AADSTS JSON on Entra's routes, Graph's
// error JSON under /v1.0 and /beta, the control API's plain JSON elsewhere. Clients parse errors by
// route; a bare 400 or 500 there would send them down their "unexpected response" path.
import type { ServerResponse } from "node:http";
import { AADSTS, CONTROL, format, GRAPH } from "../errors.ts";
import type { AadstsDefinition, ControlErrorDefinition, GraphErrorDefinition } from "../errors.ts";
import type { RequestRoute } from "../types.ts";
import { sendAadsts, sendGraphError, sendJson } from "./respond.ts";
import type { RequestContext } from "./respond.ts";

export type RequestProblem = "payload-too-large" | "invalid-path";

interface Shapes { entra: AadstsDefinition; graph: GraphErrorDefinition; control: ControlErrorDefinition }

const SHAPES: Record<RequestProblem, Shapes> = {
  "payload-too-large": { entra: AADSTS.PAYLOAD_TOO_LARGE, graph: GRAPH.PAYLOAD_TOO_LARGE, control: CONTROL.PAYLOAD_TOO_LARGE },
  "invalid-path": { entra: AADSTS.INVALID_TENANT_NAME, graph: GRAPH.INVALID_URL, control: CONTROL.INVALID_PATH },
};

export function sendControlError(res: ServerResponse, definition: ControlErrorDefinition, args: readonly string[] = [], headers: Record<string, string> = {}): void {
  sendJson(res, definition.status, { error: { code: definition.code, message: format(definition.message, args) } }, headers);
}

/**
 * `closeConnection` ends the connection after the answer: for an oversized body, reading the rest
 * just to keep the connection would hand the client the time and memory the limit exists to deny.
 */
export function sendRouteError(
  res: ServerResponse, route: RequestRoute, ctx: RequestContext, problem: RequestProblem, args: readonly string[], closeConnection = false,
): void {
  const shapes = SHAPES[problem];
  const headers: Record<string, string> = closeConnection ? { Connection: "close" } : {};
  switch (route) {
    case "token":
    case "discovery":
    case "keys":
      return sendAadsts(res, ctx, shapes.entra, args, headers);
    case "graph":
      return sendGraphError(res, ctx, shapes.graph, args, headers);
    case "control":
    case "metadata":
    case "issuer":
    case "other":
      return sendControlError(res, shapes.control, args, headers);
  }
}
