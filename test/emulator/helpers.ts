// Shared test helpers: raw token requests and Graph calls over real loopback sockets.
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
