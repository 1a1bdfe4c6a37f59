// Microsoft Graph calls of the runner, made with the deployer's app-only token. Every non-2xx is a
// ServiceError carrying Graph's error code and request-id.

import { ServiceError } from "./errors.ts";
import { httpJson, type HttpOptions } from "./http.ts";

export type GraphMethod = "GET" | "POST" | "PATCH" | "DELETE";

export class GraphClient {
  readonly endpoint: string;
  readonly #http: HttpOptions;
  readonly #token: () => Promise<string>;

  constructor(http: HttpOptions, graphEndpoint: string, token: () => Promise<string>) {
    this.#http = http;
    this.endpoint = graphEndpoint.replace(/\/+$/, "");
    this.#token = token;
  }

  /** `path` starts with "/v1.0/" or "/beta/". Returns the JSON body, undefined for 204. */
  async call(method: GraphMethod, path: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.#token()}`, accept: "application/json; charset=utf-8; IEEE754Compatible=false" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await httpJson(this.#http, method, `${this.endpoint}${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    if (answer.status >= 200 && answer.status < 300) return answer.json as Record<string, unknown> | undefined;
    const error = ((answer.json ?? {}) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } }).error ?? {};
    const requestId = error.innerError?.["request-id"] ?? answer.headers["request-id"];
    throw new ServiceError("GRAPH_ERROR", {
      method,
      path: path.split("?")[0] ?? path,
      status: answer.status,
      serviceCode: typeof error.code === "string" ? error.code : `HTTP ${answer.status}`,
      message: typeof error.message === "string" ? error.message : "",
      requestId: typeof requestId === "string" ? requestId : undefined,
    });
  }
}

/** `https://graph.microsoft.com/v1.0/directoryObjects/{id}` style reference for `owners@odata.bind`. */
export function directoryObjectRef(graph: GraphClient, objectId: string): string {
  return `${graph.endpoint}/v1.0/directoryObjects/${objectId}`;
}
