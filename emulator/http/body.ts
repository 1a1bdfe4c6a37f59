// Reading request bodies with a size limit: refused from the declared Content-Length before a
// byte of the body is read, or while reading when the body is chunked.
import type { IncomingMessage } from "node:http";

/** Thrown when a body is larger than the route accepts; the server answers 413 in the route's shape. */
export class PayloadTooLargeError extends Error {
  readonly code = "PAYLOAD_TOO_LARGE";
  readonly limit: number;
  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = "PayloadTooLargeError";
    this.limit = limit;
  }
}

/** Content-Length as a number; undefined when absent (Node.js has already refused malformed values). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : Number.POSITIVE_INFINITY;
}

/** Thrown when the client closes the connection before its body has arrived: there is no one to answer. */
export class ClientGoneError extends Error {
  readonly code = "CLIENT_GONE";
  constructor() {
    super("the client closed the connection before sending its whole body");
    this.name = "ClientGoneError";
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if ((declaredLength(req) ?? 0) > limit) return Promise.reject(new PayloadTooLargeError(limit));
  // Stream events rather than `for await`: the async iterator costs more than the rest of reading
  // a token request's body, on the busiest route.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.resume(); // drain, so the connection can still carry the answer
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) fail(new PayloadTooLargeError(limit));
      else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.once("error", fail);
    // 'close' follows 'end' on every request: the error (and its stack trace) only when it means something.
    req.once("close", () => settled || fail(new ClientGoneError()));
  });
}
