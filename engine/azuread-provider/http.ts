// The runner's HTTP: undici with a timeout on every request, redirects refused (undici follows none
// by default), TLS trust from the dispatcher (an Agent with the emulator's CA).

import { request, type Dispatcher } from "undici";
import { ProviderError } from "./errors.ts";

export interface HttpOptions {
  readonly dispatcher: Dispatcher;
  /** Per request, ms. */
  readonly timeoutMs: number;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body (204). */
  readonly json: unknown;
}

export async function httpJson(
  options: HttpOptions,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpResult> {
  const where = `${method} ${new URL(url).pathname}`;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      dispatcher: options.dispatcher,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const code = (error as { code?: string; name?: string }).code ?? (error as Error).name;
    throw new ProviderError("HTTP_ERROR", `${where} failed before an answer (${code})`, `check that the emulator is running and reachable; every request times out after ${options.timeoutMs} ms`, { cause: error });
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw new ProviderError("HTTP_ERROR", `${where}: the answer's body could not be read`, "retry; check the emulator's faults", { cause: error });
  }
  let json: unknown;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ProviderError("HTTP_ERROR", `${where} answered ${response.statusCode} with a body that is not JSON`, "retry; check the emulator's faults", { cause: error });
    }
  }
  return { status: response.statusCode, headers: response.headers, json };
}
