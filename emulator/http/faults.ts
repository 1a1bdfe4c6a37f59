// Writing an injected fault's response: Microsoft-shaped errors, or the broken transports that
// real clients meet behind proxies and load balancers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { aadstsForStatus, graphErrorForStatus } from "../errors.ts";
import type { FaultSpec, RequestRoute } from "../types.ts";
import { aadstsBody, entraHeaders, graphErrorBody, graphHeaders, sendJson } from "./respond.ts";
import type { RequestContext } from "./respond.ts";

const HTML = (status: number, title: string): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head>\n<body><h1>${title}</h1>\n<p>The server encountered a temporary error and could not complete your request. Please try again later.</p>\n</body></html>\n`;

/** Consumes the request body so closing the socket afterwards sends FIN, not RST. */
function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.on("end", resolve).on("error", () => resolve()).on("close", () => resolve());
    req.resume();
  });
}

export async function writeFault(req: IncomingMessage, res: ServerResponse, spec: FaultSpec, route: RequestRoute, ctx: RequestContext): Promise<void> {
  if (spec.kind === "reset") {
    req.socket.destroy();
    return;
  }
  await drain(req);
  switch (spec.kind) {
    case "status": {
      const retry: Record<string, string> = spec.retryAfterSeconds !== undefined ? { "Retry-After": String(spec.retryAfterSeconds) } : {};
      if (route === "graph") {
        sendJson(res, spec.status, graphErrorBody(graphErrorForStatus(spec.status), [], ctx), { ...graphHeaders(ctx), ...retry });
      } else {
        sendJson(res, spec.status, aadstsBody({ ...aadstsForStatus(spec.status), status: spec.status }, [], ctx), { ...entraHeaders(ctx), ...retry });
      }
      return;
    }
    case "malformed-json": {
      const text = route === "graph" ? '{"@odata.context":"$metadata#users","value":[{"id":' : '{"token_type":"Bearer","expires_in":3599,<html>';
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    case "truncated": {
      const text = route === "graph" ? '{"@odata.context":"$metadata#users","value":[{"id":"' : '{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAi';
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) + 2048 });
      res.write(text, () => res.socket?.end());
      return;
    }
    case "html": {
      const status = spec.status ?? 502;
      const text = HTML(status, status === 503 ? "Service Unavailable" : "Bad Gateway");
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    case "latency":
      return; // handled before dispatch
  }
}
