// Shared test helpers: raw token requests and Graph calls over real loopback sockets.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { Agent, fetch } from "undici";
import type { Emulator } from "../../emulator/index.ts";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

const agents = new WeakMap<Emulator, Agent>();
function dispatcherFor(emulator: Emulator): Agent | undefined {
  if (!emulator.caPem) return undefined;
  let agent = agents.get(emulator);
  if (!agent) {
    agent = new Agent({ connect: { ca: emulator.caPem } });
    agents.set(emulator, agent);
  }
  return agent;
}

export async function send(emulator: Emulator, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const response = await fetch(`${emulator.authorityHost}${path}`, {
    method: init.method ?? "GET", headers: init.headers, body: init.body, dispatcher: dispatcherFor(emulator), signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    body = {};
  }
  return { status: response.status, headers: response.headers as unknown as Headers, body, text };
}

export function tokenRequest(emulator: Emulator, tenant: string, fields: Record<string, string>, options: { query?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return send(emulator, `/${tenant}/oauth2/v2.0/token${options.query ?? ""}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function getToken(emulator: Emulator, credentials: { tenantId: string; clientId: string; clientSecret: string }, scope = GRAPH_SCOPE): Promise<string> {
  const response = await tokenRequest(emulator, credentials.tenantId, {
    grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret, scope,
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${String(response.body.error_codes)}`);
  return String(response.body.access_token);
}

export function graph(emulator: Emulator, token: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return send(emulator, `/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Fields every AADSTS error body has, per FACTS.md. */
export function expectAadstsShape(response: RawResponse, code: number): void {
  const body = response.body;
  const description = String(body.error_description);
  const ok = Array.isArray(body.error_codes) && body.error_codes[0] === code
    && description.startsWith(`AADSTS${code}: `)
    && /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [^\r]+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/.test(description)
    && body.trace_id !== undefined && body.correlation_id !== undefined && typeof body.timestamp === "string"
    && body.error_uri === `https://login.microsoftonline.com/error?code=${code}`
    && response.headers.get("cache-control") === "no-store, no-cache" && response.headers.get("pragma") === "no-cache"
    && response.headers.get("content-type") === "application/json; charset=utf-8";
  if (!ok) throw new Error(`not an AADSTS${code} body: ${response.status} ${response.text}`);
}

/** Graph's error body: {error: {code, message, innerError: {date, request-id, client-request-id}}}. */
export function expectGraphErrorShape(response: RawResponse, status: number, code: string): void {
  const error = response.body.error as Record<string, unknown> | undefined;
  const inner = error?.innerError as Record<string, unknown> | undefined;
  const ok = response.status === status && error?.code === code && typeof error.message === "string"
    && typeof inner?.date === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(inner.date)
    && inner["request-id"] === response.headers.get("request-id") && typeof inner["client-request-id"] === "string"
    && response.headers.get("client-request-id") === inner["client-request-id"];
  if (!ok) throw new Error(`not a Graph ${status} ${code} error: ${response.status} ${response.text}`);
}

export interface RawRequest {
  method?: string;
  /** Sent as is: may hold escapes that do not decode. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A request through node:http(s) rather than fetch: it may set Host, Origin and a Content-Length
 * that the body does not match, none of which fetch allows.
 */
export function rawRequest(emulator: Emulator, request: RawRequest): Promise<RawResponse> {
  const origin = new URL(emulator.authorityHost);
  const send = origin.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({
      host: "127.0.0.1", port: Number(origin.port), method: request.method ?? "GET", path: request.path, headers: request.headers,
      agent: false, timeout: 10_000, ...(emulator.caPem ? { ca: emulator.caPem } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        let body: Record<string, unknown> = {};
        try {
          body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
        } catch {
          body = {};
        }
        resolve({ status: res.statusCode ?? 0, headers, body, text });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("raw request timed out")));
    req.on("error", reject);
    req.end(request.body);
  });
}

/** Writes bytes on a fresh TCP connection and collects everything until the server closes it. */
export function rawExchange(emulator: Emulator, bytes: string | Buffer): Promise<string> {
  const { port } = new URL(emulator.authorityHost);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(bytes));
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw exchange timed out")));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A server that answers before reading everything may reset the connection: what it answered still counts.
    socket.on("error", (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

/** Status, headers and body of a raw HTTP/1.1 response (Content-Length bodies only). */
export function parseRawResponse(raw: string): RawResponse {
  const end = raw.indexOf("\r\n\r\n");
  const [statusLine = "", ...headerLines] = raw.slice(0, end < 0 ? raw.length : end).split("\r\n");
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const text = end < 0 ? "" : Buffer.from(raw.slice(end + 4), "latin1").toString("utf8");
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body, text };
}

/** The control API's error body: {error: {code, message}}, as JSON. */
export function expectControlErrorShape(response: RawResponse, status: number, code: string): void {
  const error = response.body.error as Record<string, unknown> | undefined;
  const ok = response.status === status && error?.code === code && typeof error.message === "string"
    && response.headers.get("content-type") === "application/json; charset=utf-8";
  if (!ok) throw new Error(`not a control ${status} ${code} error: ${response.status} ${response.text}`);
}
