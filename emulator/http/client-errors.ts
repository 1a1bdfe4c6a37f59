// Answers for requests Node.js's HTTP parser refuses before any handler sees them (malformed
// request line or headers, headers over 16 KiB, bytes after a `Connection: close` request, a
// request not received within the request timeout). Node.js's default answer has no body; this
// one says what was wrong, as JSON, and closes the connection, since the parser cannot find where
// a next request would start.
//
// Responses on a connection go out in request order (RFC 9112 §9.3.2): when the refused bytes
// follow a request whose answer is still being prepared (a token being signed), that answer goes
// first and the refusal after it.
import { STATUS_CODES } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export interface ResponseTracker {
  /** Called for every request, before its handler runs. */
  track(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Resolves once every response on the socket whose request arrived whole has finished. A request
   * still arriving (its body stalled: the request timeout) is the one being refused: its response
   * is never waited for, since it could only finish once the body it waits for arrives.
   */
  settled(socket: Duplex): Promise<void>;
}

export function createResponseTracker(): ResponseTracker {
  const open = new WeakMap<Duplex, Map<ServerResponse, IncomingMessage>>();
  return {
    track(req, res) {
      let pending = open.get(req.socket);
      if (!pending) open.set(req.socket, (pending = new Map()));
      const map = pending;
      map.set(res, req);
      res.once("close", () => map.delete(res));
    },
    async settled(socket) {
      const waits = [...(open.get(socket) ?? [])]
        .filter(([res, req]) => req.complete && !res.writableFinished && !res.destroyed)
        .map(([res]) => new Promise((resolve) => res.once("close", resolve)));
      await Promise.all(waits);
    },
  };
}

function statusFor(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  return 400;
}

export async function answerClientError(error: Error & { code?: string }, socket: Duplex, tracker: ResponseTracker): Promise<void> {
  // Nothing to answer on a socket the client already closed or reset.
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  await tracker.settled(socket);
  if (!socket.writable) return;
  const status = statusFor(error.code);
  const body = JSON.stringify({
    error: {
      code: status === 431 ? "RequestHeaderFieldsTooLarge" : status === 408 ? "RequestTimeout" : "BadRequest",
      message: status === 408 ? "the request was not received in time" : `the request could not be parsed (${error.code ?? "unknown"})`,
    },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
