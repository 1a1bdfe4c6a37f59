// The one place verify talks HTTP: undici with a timeout on every request, the overall deadline as a
// hard stop, redirects refused, and a distinct error for each way a request can go wrong.
import { request, type Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";
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

  let stage: "headers" | "body" = "headers";
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      dispatcher: ctx.dispatcher,
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    stage = "body";
    const bytes = await readBody(res.body, ctx.maxBodyBytes ?? 1024 * 1024, req.method, where);
    return interpret(req.method, where, res.statusCode, res.headers, bytes);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (cause === "caller") throw new HttpError("ERR_ABORTED", req.method, where, "cancelled");
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
  throw new HttpStatusError(method, where, status, headers, text.slice(0, 200), html ? "html" : "text");
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function translate(err: unknown, method: string, where: string, stage: "headers" | "body", timeoutMs: number): HttpError {
  const code = typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
  if (code === "UND_ERR_HEADERS_TIMEOUT") return new HttpTimeoutError(method, where, timeoutMs, "headers", { cause: err });
  if (code === "UND_ERR_BODY_TIMEOUT") return new HttpTimeoutError(method, where, timeoutMs, "body", { cause: err });
  if (code === "UND_ERR_CONNECT_TIMEOUT") return new HttpError("ERR_HTTP_TIMEOUT", method, where, `could not connect within ${timeoutMs} ms`, undefined, { cause: err });
  if (code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") return truncated(method, where, err);
  if (RESET_CODES.has(code)) {
    return stage === "body" ? truncated(method, where, err) : new HttpError("ERR_HTTP_RESET", method, where, "the connection was closed before any response", undefined, { cause: err });
  }
  if (CONNECT_CODES.has(code)) return new HttpError("ERR_HTTP_CONNECT", method, where, `cannot connect (${code})`, undefined, { cause: err });
  if (TLS_CODE.test(code)) return new HttpError("ERR_HTTP_TLS", method, where, `TLS failed (${code})`, undefined, { cause: err });
  return new HttpError("ERR_HTTP_RESET", method, where, `network error${code ? ` (${code})` : ""}`, undefined, { cause: err });
}

function truncated(method: string, where: string, err: unknown): HttpError {
  return new HttpError("ERR_HTTP_TRUNCATED", method, where, "the connection closed before the whole body arrived", undefined, { cause: err });
}
