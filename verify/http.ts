// The one place verify talks HTTP: undici with a timeout on every request, the overall deadline as a
// hard stop (connecting and the TLS handshake included), redirects refused, and a distinct error for
// each way a request can go wrong.
import { request, type Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";
import { clip } from "./clip.ts";
import { HttpBadJsonError, HttpError, HttpStatusError, HttpTimeoutError } from "./errors.ts";

export interface HttpContext {
  /** Default: undici's global dispatcher (which trusts NODE_EXTRA_CA_CERTS, as Node does). */
  dispatcher?: Dispatcher;
  requestTimeoutMs: number;
  /** Time left before the overall deadline, ms. */
  remainingMs: () => number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** Largest body read, bytes (default 1 MiB): a smoke test needs small answers only. */
  maxBodyBytes?: number;
  /** Whether a connection to this origin is still being set up (see connections.ts); unknown when absent. */
  connecting?: (origin: string) => boolean;
}

export interface HttpRequest {
  method: "GET" | "POST";
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  json: unknown;
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
const RESET_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_CLOSED", "ECONNABORTED"]);

type AbortCause = "timeout" | "deadline" | "caller";

/** Sends one request and returns its parsed JSON body; throws an HttpError for anything else. */
export async function requestJson(ctx: HttpContext, req: HttpRequest): Promise<HttpResponse> {
  // The query string may carry OData options but nothing secret; it is left out of errors for brevity.
  const where = `${req.url.origin}${req.url.pathname}`;
  if (ctx.signal?.aborted) throw new HttpError("ERR_ABORTED", req.method, where, "cancelled before the request was sent");
  const remaining = ctx.remainingMs();
  if (remaining <= 0) throw new HttpError("ERR_DEADLINE", req.method, where, "the overall deadline passed before the request was sent");
  const timeoutMs = Math.max(1, Math.min(ctx.requestTimeoutMs, remaining));
  const deadlineBound = timeoutMs < ctx.requestTimeoutMs;

  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const abort = (why: AbortCause) => {
    if (cause !== undefined) return;
    cause = why;
    controller.abort(new Error(`aborted: ${why}`));
  };
  const timer = setTimeout(() => abort(deadlineBound ? "deadline" : "timeout"), timeoutMs);
  const onCallerAbort = () => abort("caller");
  ctx.signal?.addEventListener("abort", onCallerAbort, { once: true });

  let stage: "connect" | "headers" | "body" = "headers";
  // undici does not act on an abort while it is still connecting (TCP or TLS handshake): the
  // request would hang until the connect timeout. Racing the abort ends it on time; the dispatcher
  // (destroyed when the run closes) cleans up the connection attempt.
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const pending = request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      dispatcher: ctx.dispatcher,
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    // Whatever it settles to after an abort is dropped (and a late body closed).
    pending.then((late) => (cause !== undefined ? late.body.destroy() : undefined), () => undefined);
    const res = await Promise.race([pending, aborted]);
    stage = "body";
    const bytes = await Promise.race([readBody(res.body, ctx.maxBodyBytes ?? 1024 * 1024, req.method, where), aborted]);
    return interpret(req.method, where, res.statusCode, res.headers, bytes);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (cause === "caller") throw new HttpError("ERR_ABORTED", req.method, where, "cancelled");
    if (cause !== undefined && stage === "headers" && ctx.connecting?.(req.url.origin) === true) stage = "connect";
    if (stage === "connect") throw connectTimeout(req.method, where, cause === "deadline" ? "the overall deadline" : "the per-request timeout", timeoutMs);
    if (cause === "deadline") throw new HttpError("ERR_DEADLINE", req.method, where, `the overall deadline passed while waiting for the ${stage === "headers" ? "response" : "body"}`);
    if (cause === "timeout") throw new HttpTimeoutError(req.method, where, timeoutMs, stage);
    throw translate(err, req.method, where, stage, timeoutMs);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onCallerAbort);
  }
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, max: number, method: string, where: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new HttpError("ERR_HTTP_TOO_LARGE", method, where, `response body larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function interpret(method: string, where: string, status: number, headers: IncomingHttpHeaders, bytes: Buffer): HttpResponse {
  const contentType = String(headers["content-type"] ?? "");
  const text = bytes.toString("utf8");
  if (status >= 200 && status < 300) {
    try {
      return { status, headers, json: JSON.parse(text) as unknown };
    } catch (err) {
      throw new HttpBadJsonError(method, where, status, contentType, { cause: err });
    }
  }
  if (text.trim() === "") throw new HttpStatusError(method, where, status, headers, undefined, "empty");
  if (/json/i.test(contentType) || /^\s*[{[]/.test(text)) {
    const parsed = tryParse(text);
    if (parsed.ok) throw new HttpStatusError(method, where, status, headers, parsed.value, "json");
  }
  const html = /html/i.test(contentType) || /^\s*</.test(text);
  // Only an excerpt: error pages can be long, and they are shown to people, not parsed.
  throw new HttpStatusError(method, where, status, headers, clip(text, 200), html ? "html" : "text");
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function translate(err: unknown, method: string, where: string, stage: "connect" | "headers" | "body", timeoutMs: number): HttpError {
  const code = typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
  if (code === "UND_ERR_HEADERS_TIMEOUT") return new HttpTimeoutError(method, where, timeoutMs, "headers", { cause: err });
  if (code === "UND_ERR_BODY_TIMEOUT") return new HttpTimeoutError(method, where, timeoutMs, "body", { cause: err });
  if (code === "UND_ERR_CONNECT_TIMEOUT") return connectTimeout(method, where, "the per-request timeout", timeoutMs, { cause: err });
  if (code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") return truncated(method, where, err);
  if (RESET_CODES.has(code)) {
    return stage === "body" ? truncated(method, where, err) : new HttpError("ERR_HTTP_RESET", method, where, "the connection was closed before any response", undefined, { cause: err });
  }
  if (CONNECT_CODES.has(code)) return new HttpError("ERR_HTTP_CONNECT", method, where, `cannot connect (${code})`, undefined, { cause: err });
  if (TLS_CODE.test(code)) return new HttpError("ERR_HTTP_TLS", method, where, `TLS failed (${code})`, undefined, { cause: err });
  return new HttpError("ERR_HTTP_RESET", method, where, `network error${code ? ` (${code})` : ""}`, undefined, { cause: err });
}

function connectTimeout(method: string, where: string, limit: string, timeoutMs: number, options?: ErrorOptions): HttpError {
  const host = new URL(where).host;
  return new HttpError("ERR_HTTP_CONNECT_TIMEOUT", method, where, `no connection to ${host} within ${limit} (${(timeoutMs / 1000).toFixed(1)} s): the TCP connect or the TLS handshake did not complete`, undefined, options);
}

function truncated(method: string, where: string, err: unknown): HttpError {
  return new HttpError("ERR_HTTP_TRUNCATED", method, where, "the connection closed before the whole body arrived", undefined, { cause: err });
}
